// `npm run bench -- pg-ts-rank`: PostgreSQL's ts_rank against our BM25 on SciFact, same PostgreSQL store.
// Needs DATABASE_URL (or TEST_DATABASE_URL) pointing at PostgreSQL; works in a throwaway schema.
import { join } from 'node:path';
import { loadConfig } from '../src/config.ts';
import { loadBeir, openScratchStore, runQueries } from '../src/search/evaluate.ts';
import { createSearchService } from '../src/search/service.ts';
import { evaluateRun, type Run } from '../src/search/metrics.ts';
import { createTsRankBaseline, searchTsRankBaseline } from '../src/store/fts-baselines.ts';
import { STOP_WORDS, words } from '../src/search/tokenize.ts';

export async function run(): Promise<void> {
  const { databaseUrl } = loadConfig(process.env);
  if (!databaseUrl.startsWith('postgres')) throw new Error('set DATABASE_URL=postgres://… to compare ts_rank');
  const url = databaseUrl;
  const dir = new URL('../../shared/data/beir-scifact/', import.meta.url).pathname;
  const store = await openScratchStore('postgres', url);
  try {
    const data = await loadBeir(store.db, join(dir), 'test');
    await createTsRankBaseline(store.db);
    const tsRun: Run = new Map();
    for (const qid of data.qrels.keys()) {
      const ws = [...new Set(words(data.queries.get(qid) ?? '').filter((w) => !STOP_WORDS.has(w)))];
      tsRun.set(qid, await searchTsRankBaseline(store.db, ws, 100));
    }
    const service = createSearchService(store.db, { refreshMs: -1 });
    await service.rebuild({ retrain: true });
    const ours = await runQueries(service, data, 'keyword');
    const a = evaluateRun(tsRun, data.qrels);
    const b = evaluateRun(ours, data.qrels);
    console.log('SciFact test, 300 queries, same PostgreSQL store        nDCG@10  Recall@100');
    console.log(`PostgreSQL ts_rank (OR of query words, title weight A) ${a.ndcg10.toFixed(4)}   ${a.recall100.toFixed(4)}`);
    console.log(`paperboy BM25F keyword index                           ${b.ndcg10.toFixed(4)}   ${b.recall100.toFixed(4)}`);
  } finally {
    await store.close();
  }
}
