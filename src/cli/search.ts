// `paperboy search "QUERY"`: the best papers for a query, as lines or as JSON.
import type { CommandContext } from './context.ts';
import { intOption, parseCommandArgs } from './args.ts';
import { UsageError } from '../errors.ts';
import { openStore } from '../open-store.ts';
import { openSearchService } from '../search/open-search.ts';
import type { SearchMode } from '../search/service.ts';

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    limit: { type: 'string' },
    json: { type: 'boolean', default: false },
    mode: { type: 'string', default: 'hybrid' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    ctx.stdout.write('usage: paperboy search "QUERY" [--limit N] [--json] [--mode keyword|semantic|hybrid]\n');
    return 0;
  }
  if (positionals.length === 0) throw new UsageError('expected a query, e.g. paperboy search "diffusion models"');
  const mode = values.mode as SearchMode;
  if (!['keyword', 'semantic', 'hybrid'].includes(mode)) throw new UsageError(`--mode must be keyword, semantic or hybrid, got ${values.mode}`);
  const limit = intOption(values.limit, 'limit', 10, 1, 100);
  const db = await openStore(ctx.config);
  try {
    const service = await openSearchService(db, ctx.config, { refreshMs: -1 });
    const { hits } = await service.search({ q: positionals.join(' '), limit, mode });
    if (values.json) {
      ctx.stdout.write(JSON.stringify(hits.map((h) => ({ id: h.id, title: h.title, score: round(h.score) }))) + '\n');
    } else {
      for (const h of hits) ctx.stdout.write(`${h.id.padEnd(12)} ${round(h.score).toFixed(4)}  ${h.title}\n`);
      if (hits.length === 0) ctx.stderr.write('no papers match\n');
    }
    return 0;
  } finally {
    await db.close();
  }
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
