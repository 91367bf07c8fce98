// `paperboy index rebuild`: rebuild the search index from the store (and retrain the built-in embedder).
import type { CommandContext } from './context.ts';
import { parseCommandArgs } from './args.ts';
import { UsageError } from '../errors.ts';
import { openStore } from '../open-store.ts';
import { openSearchService } from '../search/open-search.ts';

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { retrain: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } });
  if (values.help || positionals[0] !== 'rebuild' || positionals.length !== 1) {
    if (values.help) {
      ctx.stdout.write('usage: paperboy index rebuild [--retrain]\n');
      return 0;
    }
    throw new UsageError('usage: paperboy index rebuild [--retrain]');
  }
  const db = await openStore(ctx.config);
  try {
    const service = await openSearchService(db, ctx.config, { refreshMs: -1 });
    const r = await service.rebuild({ retrain: values.retrain });
    const s = service.stats();
    ctx.stdout.write(
      `indexed ${r.papers} papers in ${(r.ms / 1000).toFixed(1)} s (${s.terms} terms, ${s.vectors} vectors${s.ivfLists ? `, ${s.ivfLists} IVF lists` : ''})` +
        `${r.trained ? '; built-in embedder retrained and stored' : ''}\n`,
    );
    return 0;
  } finally {
    await db.close();
  }
}
