// SQL for the paper catalog: upsert a batch with merge and change detection, and the reads.
import { sql, join, type Db } from '../db/db.ts';
import type { Paper, PaperInput } from '../model.ts';
import { mergePaper, paperFromInput } from './merge-paper.ts';
import { sqliteHandle } from '../db/sqlite.ts';
import { rowToPaper, sqlColumns, toRow, type Merged, type PaperRow } from './paper-row.ts';
import { writeRowsPostgres, writeRowsSqlite, writeRowsSqliteGeneric } from './paper-writes.ts';

export { COLUMNS, rowToPaper, toRow, type PaperRow } from './paper-row.ts';

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
