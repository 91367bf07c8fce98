// SQL for the paper catalog: upsert a batch with merge and change detection, and the reads.
import { createHash } from 'node:crypto';
import { sql, join, raw, type Db } from '../db/db.ts';
import type { Paper, PaperInput, SourceKind } from '../model.ts';
import { mergePaper, paperFromInput } from './merge-paper.ts';
import { sqliteHandle } from '../db/sqlite.ts';
import type Database from 'better-sqlite3';

/** The catalog columns an import writes, in order. Other features own the other columns. */
export const COLUMNS = [
  'id', 'version', 'versions', 'title', 'abstract', 'authors', 'categories', 'primary_category',
  'comments', 'journal_ref', 'doi', 'license', 'published_at', 'updated_at', 'code_urls',
  'project_urls', 'source', 'featured_on', 'submitted_by', 'hf_upvotes', 'hf_comments', 'hf_stars',
  'ai_keywords', 'ai_summary', 'content_hash', 'created_at', 'modified_at',
] as const;
const COLUMN_LIST = COLUMNS.join(', ');
const HASHED = COLUMNS.filter((c) => c !== 'content_hash' && c !== 'created_at' && c !== 'modified_at');
/** Columns an update may change: all but the key and the first-seen time. */
const UPDATE_SET = COLUMNS.filter((c) => c !== 'id' && c !== 'created_at')
  .map((c) => `${c} = excluded.${c}`)
  .join(', ');

export interface PaperRow {
  id: string;
  version: number;
  versions: string;
  title: string;
  abstract: string;
  authors: string;
  categories: string;
  primary_category: string | null;
  comments: string | null;
  journal_ref: string | null;
  doi: string | null;
  license: string | null;
  published_at: number | null;
  updated_at: number | null;
  code_urls: string;
  project_urls: string;
  source: string;
  featured_on: string | null;
  submitted_by: string | null;
  hf_upvotes: number;
  hf_comments: number;
  hf_stars: number | null;
  ai_keywords: string;
  ai_summary: string | null;
  content_hash: string;
  created_at: number;
  modified_at: number;
  /** Read, never written by imports: members' votes (community feature). */
  community_upvotes?: number;
}

type Merged = Omit<Paper, 'createdAt' | 'modifiedAt'>;

/** The stored row of a merged paper, hashed so an identical re-import is detected without a diff. */
export function toRow(p: Merged, createdAt: number, modifiedAt: number): PaperRow {
  const row: PaperRow = {
    id: p.id,
    version: p.version,
    versions: JSON.stringify(p.versions),
    title: p.title,
    abstract: p.abstract,
    authors: JSON.stringify(p.authors),
    categories: JSON.stringify(p.categories),
    primary_category: p.primaryCategory,
    comments: p.comments,
    journal_ref: p.journalRef,
    doi: p.doi,
    license: p.license,
    published_at: p.publishedAt,
    updated_at: p.updatedAt,
    code_urls: JSON.stringify(p.codeUrls),
    project_urls: JSON.stringify(p.projectUrls),
    source: p.source,
    featured_on: p.daily?.featuredOn ?? null,
    submitted_by: p.daily?.submittedBy ?? null,
    hf_upvotes: p.daily?.upvotes ?? 0,
    hf_comments: p.daily?.numComments ?? 0,
    hf_stars: p.daily?.githubStars ?? null,
    ai_keywords: JSON.stringify(p.daily?.aiKeywords ?? []),
    ai_summary: p.daily?.aiSummary ?? null,
    content_hash: '',
    created_at: createdAt,
    modified_at: modifiedAt,
  };
  row.content_hash = hashRow(row);
  return row;
}

function hashRow(row: PaperRow): string {
  // One string, one hash update: hashing is a visible share of a bulk import.
  let text = '';
  for (const c of HASHED) {
    const v = row[c];
    text += v === null ? '\u0000\u0001' : `${v}\u0001`;
  }
  return createHash('sha1').update(text).digest('base64url');
}

/** A stored row as the Paper the rest of the program uses. */
export function rowToPaper(row: PaperRow): Paper {
  return {
    id: row.id,
    version: row.version,
    versions: JSON.parse(row.versions),
    title: row.title,
    abstract: row.abstract,
    authors: JSON.parse(row.authors),
    categories: JSON.parse(row.categories),
    primaryCategory: row.primary_category,
    comments: row.comments,
    journalRef: row.journal_ref,
    doi: row.doi,
    license: row.license,
    publishedAt: row.published_at,
    updatedAt: row.updated_at,
    codeUrls: JSON.parse(row.code_urls),
    projectUrls: JSON.parse(row.project_urls),
    source: row.source as SourceKind,
    daily:
      row.featured_on === null
        ? null
        : {
            featuredOn: row.featured_on,
            submittedBy: row.submitted_by,
            upvotes: row.hf_upvotes,
            numComments: row.hf_comments,
            githubStars: row.hf_stars,
            aiKeywords: JSON.parse(row.ai_keywords),
            aiSummary: row.ai_summary,
          },
    createdAt: row.created_at,
    modifiedAt: row.modified_at,
    ...(row.community_upvotes ? { communityUpvotes: Number(row.community_upvotes) } : {}),
  };
}

export interface UpsertResult {
  created: number;
  updated: number;
  unchanged: number;
  /** Ids whose stored record was created or changed, for derived data (search index) to follow. */
  changedIds: string[];
}

const IN_CHUNK = 500;

async function getRowsByIds(db: Db, ids: string[], forUpdate: boolean): Promise<Map<string, PaperRow>> {
  const found = new Map<string, PaperRow>();
  for (let i = 0; i < ids.length; i += IN_CHUNK) {
    const chunk = ids.slice(i, i + IN_CHUNK);
    // FOR UPDATE on PostgreSQL: two importers merging the same paper serialize instead of one
    // overwriting the other's merge. SQLite's writer lock already does that.
    const lock = forUpdate && db.dialect === 'postgres' ? sql` FOR UPDATE` : sql``;
    const rows = await db.all<PaperRow>(sql`SELECT ${sqlColumns()}, community_upvotes FROM papers WHERE id IN (${join(chunk)})${lock}`);
    for (const r of rows) found.set(r.id, r);
  }
  return found;
}

let columnsSql: ReturnType<typeof raw> | null = null;
function sqlColumns() {
  // Column names are constants of this file, never input: safe to splice as raw SQL.
  columnsSql ??= raw(COLUMN_LIST);
  return columnsSql;
}

/**
 * Merges a batch of parsed records into the catalog in one transaction and reports what changed.
 * Records for the same id within the batch are merged in order.
 */
export async function upsertPapers(db: Db, inputs: readonly PaperInput[], now = Date.now()): Promise<UpsertResult> {
  // The raw SQLite handle is on the top-level Db only; inside a caller's transaction the batch
  // takes the generic path.
  const handle = db.dialect === 'sqlite' ? sqliteHandle(db) : null;
  return db.transaction(async (tx) => {
    const ids = [...new Set(inputs.map((p) => p.id))];
    const stored = await getRowsByIds(tx, ids, true);
    const merged = new Map<string, Merged>();
    for (const input of inputs) {
      const before = merged.get(input.id) ?? (stored.has(input.id) ? rowToPaper(stored.get(input.id)!) : null);
      merged.set(input.id, before ? mergePaper(before, input) : paperFromInput(input));
    }
    const writes: PaperRow[] = [];
    const categoryChanges: PaperRow[] = [];
    const result: UpsertResult = { created: 0, updated: 0, unchanged: 0, changedIds: [] };
    for (const [id, paper] of merged) {
      const old = stored.get(id);
      const row = toRow(paper, old?.created_at ?? now, now);
      if (old && old.content_hash === row.content_hash) {
        result.unchanged++;
        continue;
      }
      if (old) result.updated++;
      else result.created++;
      result.changedIds.push(id);
      writes.push(row);
      if (!old || old.categories !== row.categories || old.published_at !== row.published_at) categoryChanges.push(row);
    }
    if (writes.length === 0) return result;
    if (tx.dialect === 'postgres') await writeRowsPostgres(tx, writes, categoryChanges, stored);
    else if (handle) writeRowsSqlite(handle, writes, categoryChanges, stored);
    else await writeRowsSqliteGeneric(tx, writes, categoryChanges, stored);
    return result;
  });
}

function categoryRows(row: PaperRow): { category: string; paper_id: string; is_primary: number; published_at: number | null }[] {
  const cats: string[] = JSON.parse(row.categories);
  return cats.map((category) => ({
    category,
    paper_id: row.id,
    is_primary: category === row.primary_category ? 1 : 0,
    published_at: row.published_at,
  }));
}

/** The catalog columns' PostgreSQL types, for the unnest() bulk insert below. */
const PG_TYPES: Record<(typeof COLUMNS)[number], string> = {
  id: 'text', version: 'int', versions: 'text', title: 'text', abstract: 'text', authors: 'text', categories: 'text',
  primary_category: 'text', comments: 'text', journal_ref: 'text', doi: 'text', license: 'text', published_at: 'bigint',
  updated_at: 'bigint', code_urls: 'text', project_urls: 'text', source: 'text', featured_on: 'text', submitted_by: 'text',
  hf_upvotes: 'int', hf_comments: 'int', hf_stars: 'int', ai_keywords: 'text', ai_summary: 'text', content_hash: 'text',
  created_at: 'bigint', modified_at: 'bigint',
};

interface SqliteBulk {
  upsertPaper: Database.Statement;
  deleteCategories: Database.Statement;
  insertCategory: Database.Statement;
}
const sqliteBulk = new WeakMap<Database.Database, SqliteBulk>();

/**
 * SQLite writes through statements prepared once per connection and run synchronously: an
 * import spends its time in SQLite, not in building a query object per row. The caller holds the
 * transaction, so no other statement can interleave.
 */
function writeRowsSqlite(handle: Database.Database, rows: PaperRow[], categoryChanges: PaperRow[], stored: Map<string, PaperRow>) {
  let st = sqliteBulk.get(handle);
  if (!st) {
    st = {
      upsertPaper: handle.prepare(`INSERT INTO papers (${COLUMN_LIST}) VALUES (${COLUMNS.map(() => '?').join(', ')})
        ON CONFLICT (id) DO UPDATE SET ${UPDATE_SET}`),
      deleteCategories: handle.prepare('DELETE FROM paper_categories WHERE paper_id = ?'),
      insertCategory: handle.prepare(`INSERT INTO paper_categories (category, paper_id, is_primary, published_at)
        VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`),
    };
    sqliteBulk.set(handle, st);
  }
  const values: unknown[] = new Array(COLUMNS.length);
  for (const row of rows) {
    for (let i = 0; i < COLUMNS.length; i++) values[i] = row[COLUMNS[i]];
    st.upsertPaper.run(values);
  }
  for (const row of categoryChanges) {
    if (stored.has(row.id)) st.deleteCategories.run(row.id);
    for (const c of categoryRows(row)) st.insertCategory.run(c.category, c.paper_id, c.is_primary, c.published_at);
  }
}

/** The same writes through the Db interface, for a batch that joins a caller's transaction. */
async function writeRowsSqliteGeneric(tx: Db, rows: PaperRow[], categoryChanges: PaperRow[], stored: Map<string, PaperRow>) {
  for (const row of rows) {
    await tx.run(sql`INSERT INTO papers (${sqlColumns()}) VALUES (${join(COLUMNS.map((c) => row[c]))})
      ON CONFLICT (id) DO UPDATE SET ${raw(UPDATE_SET)}`);
  }
  for (const row of categoryChanges) {
    if (stored.has(row.id)) await tx.run(sql`DELETE FROM paper_categories WHERE paper_id = ${row.id}`);
    for (const c of categoryRows(row)) {
      await tx.run(sql`INSERT INTO paper_categories (category, paper_id, is_primary, published_at)
        VALUES (${c.category}, ${c.paper_id}, ${c.is_primary}, ${c.published_at}) ON CONFLICT DO NOTHING`);
    }
  }
}

/**
 * PostgreSQL gets the whole batch as one array parameter per column, expanded by unnest(): one
 * round trip per batch instead of one per paper, and no JSON for the server to parse (measured
 * faster than json_populate_recordset and than a multi-row VALUES list).
 */
async function writeRowsPostgres(tx: Db, rows: PaperRow[], categoryChanges: PaperRow[], stored: Map<string, PaperRow>) {
  // Each column's values as one typed array: `$1::text[], $2::int[], …` (types are constants here).
  const arrays = join(COLUMNS.map((c) => sql`${rows.map((r) => r[c])}::${raw(PG_TYPES[c])}[]`));
  await tx.run(sql`INSERT INTO papers (${sqlColumns()}) SELECT * FROM unnest(${arrays})
    ON CONFLICT (id) DO UPDATE SET ${raw(UPDATE_SET)}`);
  const replaced = categoryChanges.filter((r) => stored.has(r.id)).map((r) => r.id);
  if (replaced.length) await tx.run(sql`DELETE FROM paper_categories WHERE paper_id = ANY(${replaced})`);
  const cats = categoryChanges.flatMap(categoryRows);
  if (cats.length) {
    await tx.run(sql`INSERT INTO paper_categories (category, paper_id, is_primary, published_at)
      SELECT * FROM unnest(${cats.map((c) => c.category)}::text[], ${cats.map((c) => c.paper_id)}::text[],
        ${cats.map((c) => c.is_primary)}::int[], ${cats.map((c) => c.published_at)}::bigint[])
      ON CONFLICT DO NOTHING`);
  }
}

export async function getPaper(db: Db, id: string): Promise<Paper | null> {
  const row = await db.get<PaperRow>(sql`SELECT ${sqlColumns()}, community_upvotes FROM papers WHERE id = ${id}`);
  return row ? rowToPaper(row) : null;
}

/** Papers by id, in the order of `ids`; unknown ids are skipped. */
export async function getPapersByIds(db: Db, ids: readonly string[]): Promise<Paper[]> {
  const rows = await getRowsByIds(db, [...new Set(ids)], false);
  return ids.flatMap((id) => (rows.has(id) ? [rowToPaper(rows.get(id)!)] : []));
}

export async function countPapers(db: Db): Promise<number> {
  const row = await db.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM papers`);
  return Number(row?.n ?? 0);
}

/** The most recently published papers, newest first (papers hidden by moderators left out). */
export async function listNewestPapers(db: Db, limit: number, offset = 0): Promise<Paper[]> {
  const rows = await db.all<PaperRow>(
    sql`SELECT ${sqlColumns()}, community_upvotes FROM papers WHERE hidden_at IS NULL
      ORDER BY published_at DESC NULLS LAST, id DESC LIMIT ${limit} OFFSET ${offset}`,
  );
  return rows.map(rowToPaper);
}

/**
 * A page of the whole catalog in id order after `afterId` (keyset paging): how derived data such
 * as the search index walks every paper without holding them all in memory.
 */
export async function listPapersAfter(db: Db, afterId: string, limit: number): Promise<Paper[]> {
  const rows = await db.all<PaperRow>(sql`SELECT ${sqlColumns()} FROM papers WHERE id > ${afterId} ORDER BY id LIMIT ${limit}`);
  return rows.map(rowToPaper);
}

/**
 * Ids of papers by exact title, case-insensitive, keyed by the lower-cased title. For listings
 * that name no ids; a scan, but listings are short and imported rarely.
 */
export async function findPaperIdsByTitles(db: Db, titles: readonly string[]): Promise<Map<string, string>> {
  const wanted = [...new Set(titles.map((t) => t.toLowerCase()))];
  const found = new Map<string, string>();
  for (let i = 0; i < wanted.length; i += IN_CHUNK) {
    const chunk = wanted.slice(i, i + IN_CHUNK);
    const rows = await db.all<{ id: string; title: string }>(sql`SELECT id, title FROM papers WHERE LOWER(title) IN (${join(chunk)}) ORDER BY id`);
    for (const r of rows) if (!found.has(r.title.toLowerCase())) found.set(r.title.toLowerCase(), r.id);
  }
  return found;
}
