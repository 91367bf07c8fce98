// `paperboy eval DIR`: index a BEIR data set in a scratch store and print nDCG@10 and Recall@100.
import { writeFileSync } from 'node:fs';
import type { CommandContext } from './context.ts';
import { parseCommandArgs } from './args.ts';
import { UsageError } from '../errors.ts';
import { evaluateRun, formatTrecRun } from '../search/metrics.ts';
import { loadBeir, openScratchStore, runQueries, tuneHybridWeight } from '../search/evaluate.ts';
import { openSearchService } from '../search/open-search.ts';
import type { SearchMode } from '../search/service.ts';

const HELP = `usage: paperboy eval DIR [--split test] [--mode keyword|semantic|hybrid|all] [--run FILE]
                     [--db sqlite|postgres] [--weight W] [--tune]

Indexes the BEIR directory DIR (corpus.jsonl[.gz], queries.jsonl, qrels/SPLIT.tsv) in a scratch
store and prints nDCG@10 and Recall@100. --db postgres uses a throwaway schema in DATABASE_URL.
--tune prints hybrid weights tried on alternate queries with the other half held out.
`;

const MODES = ['keyword', 'semantic', 'hybrid'] as const;

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    split: { type: 'string', default: 'test' },
    mode: { type: 'string', default: 'hybrid' },
    run: { type: 'string' },
    db: { type: 'string' },
    weight: { type: 'string' },
    tune: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    ctx.stdout.write(HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`expected one BEIR directory\n${HELP}`);
  const modes: SearchMode[] = values.mode === 'all' ? [...MODES] : [values.mode as SearchMode];
  if (!modes.every((m) => (MODES as readonly string[]).includes(m))) throw new UsageError(`--mode must be keyword, semantic, hybrid or all, got ${values.mode}`);
  const pgUrl = /^postgres/.test(ctx.config.databaseUrl) ? ctx.config.databaseUrl : null;
  const kind = (values.db ?? (pgUrl ? 'postgres' : 'sqlite')) as 'sqlite' | 'postgres';
  if (kind !== 'sqlite' && kind !== 'postgres') throw new UsageError(`--db must be sqlite or postgres, got ${values.db}`);
  if (kind === 'postgres' && !pgUrl) throw new UsageError('--db postgres needs DATABASE_URL=postgres://… (a throwaway schema is created and dropped)');
  let weight: number | undefined;
  if (values.weight !== undefined) {
    weight = Number(values.weight);
    if (!(weight >= 0 && weight <= 1)) throw new UsageError(`--weight must be from 0 to 1, got ${values.weight}`);
  }

  const store = await openScratchStore(kind, pgUrl);
  try {
    const t0 = performance.now();
    const data = await loadBeir(store.db, positionals[0], values.split!);
    const t1 = performance.now();
    const overrides = { refreshMs: -1, ...(weight !== undefined ? { hybridWeight: weight } : {}) };
    const service = await openSearchService(store.db, ctx.config, overrides);
    const built = await service.rebuild({ retrain: true });
    ctx.stderr.write(
      `${data.docs} documents, ${data.qrels.size} judged queries (${values.split}) on ${store.label}: ` +
        `stored in ${((t1 - t0) / 1000).toFixed(1)} s, indexed in ${(built.ms / 1000).toFixed(1)} s\n`,
    );
    const runs: string[] = [];
    for (const mode of modes) {
      const r = await runQueries(service, data, mode);
      const m = evaluateRun(r, data.qrels);
      const prefix = modes.length > 1 ? `${mode.padEnd(8)} ` : '';
      ctx.stdout.write(`${prefix}nDCG@10 ${m.ndcg10.toFixed(4)}\n${prefix}Recall@100 ${m.recall100.toFixed(4)}\n`);
      runs.push(formatTrecRun(r, `paperboy-${mode}`));
    }
    if (values.run) writeFileSync(values.run, runs.join(''));
    if (values.tune) {
      const trials = await tuneHybridWeight(store.db, data, { ...overrides, embedder: null }, [0, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5]);
      ctx.stdout.write('hybrid weight  nDCG@10 tuning half  nDCG@10 held-out half\n');
      for (const t of trials) ctx.stdout.write(`${t.weight.toFixed(2).padStart(13)}  ${t.tune.toFixed(4).padStart(19)}  ${t.heldOut.toFixed(4).padStart(21)}\n`);
    }
    return 0;
  } finally {
    await store.close();
  }
}
