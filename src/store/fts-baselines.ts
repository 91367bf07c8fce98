// SQL of the reference engines the search benchmark and evaluation compare against: SQLite FTS5
// bm25() (the speed floor) and PostgreSQL ts_rank (what a database-native search would give).
import { sql, type Db } from '../db/db.ts';

export async function createFts5Baseline(db: Db): Promise<void> {
  await db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS fts_baseline USING fts5(id UNINDEXED, title, abstract, tokenize = 'porter unicode61')`);
}

export async function insertFts5Baseline(db: Db, rows: readonly { id: string; title: string; abstract: string }[]): Promise<void> {
  await db.transaction(async (tx) => {
    for (const r of rows) await tx.run(sql`INSERT INTO fts_baseline (id, title, abstract) VALUES (${r.id}, ${r.title}, ${r.abstract})`);
  });
}

/** Top k by FTS5's BM25 with the title weighted 2 (bm25() is lower-is-better, hence ascending). */
export async function searchFts5Baseline(db: Db, match: string, k: number): Promise<{ id: string; score: number }[]> {
  return db.all(sql`SELECT id, -bm25(fts_baseline, 0.0, 2.0, 1.0) AS score FROM fts_baseline WHERE fts_baseline MATCH ${match}
    ORDER BY bm25(fts_baseline, 0.0, 2.0, 1.0) LIMIT ${k}`);
}

/** A ts_rank table over the catalog: title weight A, abstract weight B, GIN-indexed. */
export async function createTsRankBaseline(db: Db): Promise<void> {
  await db.exec(`CREATE TABLE IF NOT EXISTS ts_baseline (id TEXT PRIMARY KEY, doc tsvector NOT NULL);
    INSERT INTO ts_baseline (id, doc)
      SELECT id, setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', abstract), 'B') FROM papers
      ON CONFLICT (id) DO NOTHING;
    CREATE INDEX IF NOT EXISTS ts_baseline_doc ON ts_baseline USING gin (doc);`);
}

/** Top k by ts_rank for any of the words (OR), as a BM25 baseline would match. */
export async function searchTsRankBaseline(db: Db, words: readonly string[], k: number): Promise<{ id: string; score: number }[]> {
  if (words.length === 0) return [];
  const query = sql`to_tsquery('english', ${words.map((w) => w.replace(/[^\p{L}\p{N}]/gu, '')).filter(Boolean).join(' | ')})`;
  return db.all(sql`SELECT id, ts_rank(doc, ${query}) AS score FROM ts_baseline WHERE doc @@ ${query} ORDER BY score DESC, id LIMIT ${k}`);
}
