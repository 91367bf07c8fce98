// BEIR evaluation: load a corpus into a scratch store, index it the production way, score the queries.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb, type Db } from '../db/db.ts';
import { migrate } from '../db/migrate.ts';
import { upsertPapers } from '../store/papers.ts';
import { dropScratchSchema } from '../store/scratch.ts';
import type { PaperInput } from '../model.ts';
import { beirDocToPaper, readBeirCorpus, readBeirQrels, readBeirQueries } from './beir.ts';
import { evaluateRun, type Qrels, type Run } from './metrics.ts';
import { createSearchService, type SearchMode, type SearchService, type SearchServiceOptions } from './service.ts';

export interface ScratchStore {
  db: Db;
  label: string;
  close(): Promise<void>;
}

/** An empty migrated store: a SQLite file in a temp dir, or a fresh schema in the PostgreSQL at `pgUrl`. */
export async function openScratchStore(kind: 'sqlite' | 'postgres', pgUrl: string | null): Promise<ScratchStore> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'paperboy-eval-'));
    const db = await openDb(`sqlite:${join(dir, 'eval.db')}`);
    await migrate(db);
    return {
      db,
      label: 'sqlite',
      async close() {
        await db.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  if (!pgUrl) throw new Error('no PostgreSQL URL');
  const schema = `eval_${randomBytes(5).toString('hex')}`;
  const u = new URL(pgUrl);
  u.searchParams.set('schema', schema);
  const db = await openDb(u.toString());
  await migrate(db);
  return {
    db,
    label: 'postgres',
    async close() {
      await dropScratchSchema(db, schema);
      await db.close();
    },
  };
}

export interface EvalData {
  queries: Map<string, string>;
  qrels: Qrels;
}

/** Loads the corpus into the store in batches through the catalog's own upsert. */
export async function loadBeir(db: Db, dir: string, split: string): Promise<EvalData & { docs: number }> {
  const qrels = await readBeirQrels(dir, split);
  const queries = await readBeirQueries(dir);
  let batch: PaperInput[] = [];
  let docs = 0;
  for await (const d of readBeirCorpus(dir)) {
    batch.push(beirDocToPaper(d));
    if (batch.length === 1000) {
      docs += (await upsertPapers(db, batch)).changedIds.length;
      batch = [];
    }
  }
  if (batch.length) docs += (await upsertPapers(db, batch)).changedIds.length;
  return { qrels, queries, docs };
}

export async function runQueries(service: SearchService, data: EvalData, mode: SearchMode, k = 100): Promise<Run> {
  const run: Run = new Map();
  for (const qid of data.qrels.keys()) {
    const text = data.queries.get(qid);
    if (text === undefined) continue;
    run.set(qid, await service.rank(text, mode, k));
  }
  return run;
}

export interface WeightTrial {
  weight: number;
  tune: number;
  heldOut: number;
}

/**
 * Hybrid weights tried on the odd-numbered queries (tuning half), reported with the even-numbered
 * half held out. SciFact ships only a test split, so this split is how the default was chosen
 * without peeking at the queries it is reported on.
 */
export async function tuneHybridWeight(db: Db, data: EvalData, base: SearchServiceOptions, weights: number[]): Promise<WeightTrial[]> {
  const ids = [...data.qrels.keys()];
  const odd = ids.filter((_, i) => i % 2 === 0);
  const even = ids.filter((_, i) => i % 2 === 1);
  const out: WeightTrial[] = [];
  for (const weight of weights) {
    const service = createSearchService(db, { ...base, hybridWeight: weight, refreshMs: -1 });
    const run = await runQueries(service, data, 'hybrid');
    out.push({ weight, tune: evaluateRun(run, data.qrels, odd).ndcg10, heldOut: evaluateRun(run, data.qrels, even).ndcg10 });
  }
  return out;
}
