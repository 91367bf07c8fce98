// The write half of upsertPapers: a batch of changed rows into papers and paper_categories, by
// the fastest path each database offers.
import { sql, raw, type Db } from '../db/db.ts';
import { COLUMNS, COLUMN_LIST, UPDATE_SET, type PaperRow } from './paper-row.ts';

import type { CopyColumn, CopyType } from '../db/copy-binary.ts';

/** The catalog columns' PostgreSQL types, for the binary COPY below. */
const PG_TYPES: Record<(typeof COLUMNS)[number], CopyType> = {
  id: 'text', version: 'int4', versions: 'text', title: 'text', abstract: 'text', authors: 'text', categories: 'text',
  primary_category: 'text', comments: 'text', journal_ref: 'text', doi: 'text', license: 'text', published_at: 'int8',
  updated_at: 'int8', code_urls: 'text', project_urls: 'text', source: 'text', featured_on: 'text', submitted_by: 'text',
  hf_upvotes: 'int4', hf_comments: 'int4', hf_stars: 'int4', ai_keywords: 'text', ai_summary: 'text', hf_profiles: 'text', thumbnail_url: 'text', organization: 'text', content_hash: 'text',
  created_at: 'int8', modified_at: 'int8',
};
const PAPER_COPY: CopyColumn[] = COLUMNS.map((name) => ({ name, type: PG_TYPES[name] }));
const CATEGORY_COPY: CopyColumn[] = [
  { name: 'category', type: 'text' }, { name: 'paper_id', type: 'text' }, { name: 'is_primary', type: 'int4' }, { name: 'published_at', type: 'int8' },
];

function categoryRows(row: PaperRow): { category: string; paper_id: string; is_primary: number; published_at: number | null }[] {
  // A Set: a category listed twice must not become a duplicate key.
  const cats = new Set<string>(JSON.parse(row.categories));
  return [...cats].map((category) => ({
    category,
    paper_id: row.id,
    is_primary: category === row.primary_category ? 1 : 0,
    published_at: row.published_at,
  }));
}

const UPSERT_PAPER = `INSERT INTO papers (${COLUMN_LIST}) VALUES (${COLUMNS.map(() => '?').join(', ')})
  ON CONFLICT (id) DO UPDATE SET ${UPDATE_SET}`;
const INSERT_CATEGORY = `INSERT INTO paper_categories (category, paper_id, is_primary, published_at)
  VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`;

/**
 * SQLite writes through statements prepared once per connection and run synchronously
 * (Db.runMany): an import spends its time in SQLite, not in building a query object per row.
 * The caller holds the transaction, so no other statement can interleave.
 */
export function writeRowsSqlite(tx: Db, rows: PaperRow[], categoryChanges: PaperRow[], stored: Map<string, PaperRow>) {
  if (!tx.runMany) throw new Error('writeRowsSqlite needs a SQLite transaction');
  // One parameter array, refilled for each row: no array per row.
  const values: unknown[] = new Array(COLUMNS.length);
  tx.runMany(UPSERT_PAPER, (function* () {
    for (const row of rows) {
      for (let i = 0; i < COLUMNS.length; i++) values[i] = row[COLUMNS[i]];
      yield values;
    }
  })());
  // A paper's categories are replaced whole: all deletes first, then the inserts.
  tx.runMany('DELETE FROM paper_categories WHERE paper_id = ?', categoryChanges.filter((r) => stored.has(r.id)).map((r) => [r.id]));
  tx.runMany(INSERT_CATEGORY, categoryChanges.flatMap(categoryRows).map((c) => [c.category, c.paper_id, c.is_primary, c.published_at]));
}

/**
 * PostgreSQL takes the batch by binary COPY, the server's cheapest way in: arxiv-cs's writes took
 * 4.8 s this way against 6–8 s as batches of unnest() arrays, whose array literals the server
 * parses element by element. The caller holds the catalog upsert lock, so papers not in
 * `stored` cannot appear meanwhile: they are copied straight into the table. Papers already
 * stored go through a temporary table and one INSERT … ON CONFLICT DO UPDATE. The temporary
 * table lives as long as the connection and is emptied at each commit.
 */
export async function writeRowsPostgres(tx: Db, rows: PaperRow[], categoryChanges: PaperRow[], stored: Map<string, PaperRow>) {
  if (!tx.copyIn) throw new Error('writeRowsPostgres needs a PostgreSQL connection with COPY');
  const values = (r: PaperRow) => COLUMNS.map((c) => r[c]);
  const fresh = rows.filter((r) => !stored.has(r.id));
  const changed = rows.filter((r) => stored.has(r.id));
  if (fresh.length) await tx.copyIn('papers', PAPER_COPY, fresh.map(values));
  if (changed.length) {
    await tx.exec('CREATE TEMP TABLE IF NOT EXISTS papers_incoming (LIKE papers INCLUDING DEFAULTS) ON COMMIT DELETE ROWS');
    await tx.copyIn('papers_incoming', PAPER_COPY, changed.map(values));
    await tx.exec(`INSERT INTO papers (${COLUMN_LIST}) SELECT ${COLUMN_LIST} FROM papers_incoming
      ON CONFLICT (id) DO UPDATE SET ${UPDATE_SET}`);
  }
  // A paper's categories are replaced whole, so after the delete none of these rows exist.
  const replaced = categoryChanges.filter((r) => stored.has(r.id)).map((r) => r.id);
  if (replaced.length) await tx.run(sql`DELETE FROM paper_categories WHERE paper_id = ANY(${replaced})`);
  const cats = categoryChanges.flatMap(categoryRows);
  if (cats.length) await tx.copyIn('paper_categories', CATEGORY_COPY, cats.map((c) => [c.category, c.paper_id, c.is_primary, c.published_at]));
}

let columnsSql: ReturnType<typeof raw> | null = null;
/** The catalog columns as SQL, for queries that read or write them all. */
export function sqlColumns() {
  // Column names are constants of paper-row.ts, never input: safe to splice as raw SQL.
  columnsSql ??= raw(COLUMN_LIST);
  return columnsSql;
}
