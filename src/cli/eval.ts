// `paperboy eval DIR`: index a BEIR data set in a scratch store and print nDCG@10 and Recall@100.
import { writeFileSync } from 'node:fs';
import type { CommandContext } from './context.ts';
import { parseCommandArgs } from './args.ts';
import { UsageError } from '../errors.ts';
import { evaluateRun, formatTrecRun } from '../search/metrics.ts';
import { loadBeir, openScratchStore, runQueries, tuneHybridWeight } from '../search/evaluate.ts';
import { captureCandidates, crossValidate, fusionRules, replay, type EvalSet } from '../search/fusion-cv.ts';
import { basename } from 'node:path';
import { openSearchService } from '../search/open-search.ts';
import type { SearchMode } from '../search/service.ts';
import type { LsaOptions } from '../search/lsa.ts';
import { parseLsaOptions } from '../search/lsa-options.ts';

const HELP = `usage: paperboy eval DIR [DIR…] [--split test] [--mode keyword|semantic|hybrid|all] [--run FILE]
                     [--db sqlite|postgres] [--weight W] [--tune] [--cv [--folds 5]]
                     [--lsa dim=N,weighting=idf|entropy,…]

Indexes each BEIR directory DIR (corpus.jsonl[.gz], queries.jsonl, qrels/SPLIT.tsv) in a scratch
store and prints nDCG@10 and Recall@100. --db postgres uses a throwaway schema in DATABASE_URL.
--tune prints hybrid weights tried on alternate queries with the other half held out.
--cv compares hybrid fusion rules by cross-validation over all the DIRs together: each fold's
rule is chosen on the other folds of every set and scored on its own held-out queries.
--lsa trains the built-in semantic model with other settings (to compare candidates).
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
    cv: { type: 'boolean', default: false },
    folds: { type: 'string', default: '5' },
    lsa: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    ctx.stdout.write(HELP);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError(`expected a BEIR directory\n${HELP}`);
  if (values.run && positionals.length > 1) throw new UsageError('--run writes one set\'s run file: give one DIR with it');
  const folds = Number(values.folds);
  if (!Number.isInteger(folds) || folds < 2 || folds > 20) throw new UsageError(`--folds must be a whole number from 2 to 20, got ${values.folds}`);
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

  let lsa: Partial<LsaOptions> | undefined;
  try {
    lsa = values.lsa === undefined ? undefined : parseLsaOptions(values.lsa);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }

  const sets: EvalSet[] = [];
  for (const dir of positionals) {
    const set = await evaluateSet(dir, ctx, { kind, pgUrl, split: values.split!, modes, weight, run: values.run, tune: values.tune!, cv: values.cv!, lsa, label: positionals.length > 1 });
    if (set) sets.push(set);
  }
  if (values.cv) printCrossValidation(sets, folds, ctx);
  return 0;
}

interface SetOptions {
  kind: 'sqlite' | 'postgres';
  pgUrl: string | null;
  split: string;
  modes: SearchMode[];
  weight: number | undefined;
  run: string | undefined;
  tune: boolean;
  cv: boolean;
  lsa: Partial<LsaOptions> | undefined;
  /** Several sets: name each in the output. */
  label: boolean;
}

async function evaluateSet(dir: string, ctx: CommandContext, o: SetOptions): Promise<EvalSet | null> {
  const store = await openScratchStore(o.kind, o.pgUrl);
  const name = basename(dir.replace(/\/+$/, '')).replace(/^beir-/, '');
  try {
    const t0 = performance.now();
    const data = await loadBeir(store.db, dir, o.split);
    const t1 = performance.now();
    const overrides = { refreshMs: -1, ...(o.weight !== undefined ? { hybridWeight: o.weight } : {}), ...(o.lsa ? { lsa: o.lsa } : {}) };
    const service = await openSearchService(store.db, ctx.config, overrides);
    const built = await service.rebuild({ retrain: true });
    ctx.stderr.write(
      `${o.label ? `${name}: ` : ''}${data.docs} documents, ${data.qrels.size} judged queries (${o.split}) on ${store.label}: ` +
        `stored in ${((t1 - t0) / 1000).toFixed(1)} s, indexed in ${(built.ms / 1000).toFixed(1)} s\n`,
    );
    const runs: string[] = [];
    for (const mode of o.modes) {
      const r = await runQueries(service, data, mode);
      const m = evaluateRun(r, data.qrels);
      const prefix = `${o.label ? `${name.padEnd(10)} ` : ''}${o.modes.length > 1 ? `${mode.padEnd(8)} ` : ''}`;
      ctx.stdout.write(`${prefix}nDCG@10 ${m.ndcg10.toFixed(4)}\n${prefix}Recall@100 ${m.recall100.toFixed(4)}\n`);
      runs.push(formatTrecRun(r, `paperboy-${mode}`));
    }
    if (o.run) writeFileSync(o.run, runs.join(''));
    if (o.tune) {
      const trials = await tuneHybridWeight(store.db, data, { ...overrides, embedder: null }, [0, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5]);
      ctx.stdout.write('hybrid weight  nDCG@10 tuning half  nDCG@10 held-out half\n');
      for (const t of trials) ctx.stdout.write(`${t.weight.toFixed(2).padStart(13)}  ${t.tune.toFixed(4).padStart(19)}  ${t.heldOut.toFixed(4).padStart(21)}\n`);
    }
    return o.cv ? { name, captured: await captureCandidates(service, data), qrels: data.qrels } : null;
  } finally {
    await store.close();
  }
}

/** Every rule on all queries of each set (what was tried), then the cross-validated folds. */
function printCrossValidation(sets: EvalSet[], folds: number, ctx: CommandContext): void {
  const rules = fusionRules();
  const out = ctx.stdout;
  out.write(`\nfusion rules, nDCG@10 on all queries (${sets.map((s) => s.name).join(' / ')}):\n`);
  for (const r of rules) {
    const scores = sets.map((s) => evaluateRun(replay(s.captured, r.fuse), s.qrels).ndcg10.toFixed(4));
    out.write(`  ${r.name.padEnd(38)} ${scores.join('  ')}\n`);
  }
  const cv = crossValidate(sets, rules, folds);
  out.write(`\n${folds}-fold cross-validation (rule chosen on the other folds of every set; nDCG@10 on the held-out fold):\n`);
  out.write(`  fold  ${'rule chosen'.padEnd(38)} ${sets.map((s) => `${s.name} keyword → hybrid`.padEnd(30)).join(' ')}\n`);
  const mean = sets.map(() => ({ k: 0, h: 0, n: 0 }));
  for (const f of cv.folds) {
    const cells = f.sets.map((s, i) => {
      mean[i].k += s.keyword * s.queries;
      mean[i].h += s.hybrid * s.queries;
      mean[i].n += s.queries;
      const mark = s.hybrid + 1e-9 >= s.keyword ? '' : '  (below keyword)';
      return `${s.keyword.toFixed(4)} → ${s.hybrid.toFixed(4)}${mark}`.padEnd(30);
    });
    out.write(`  ${String(f.fold).padStart(4)}  ${f.rule.padEnd(38)} ${cells.join(' ')}\n`);
  }
  out.write(`  ${'all'.padStart(4)}  ${'(held-out folds pooled)'.padEnd(38)} ${mean.map((m) => `${(m.k / m.n).toFixed(4)} → ${(m.h / m.n).toFixed(4)}`.padEnd(30)).join(' ')}\n`);
  out.write(`rule chosen on all queries of every set: ${cv.chosenOnAll}\n`);
}
