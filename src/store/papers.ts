// SQL for the paper catalog: upsert a batch with merge and change detection, and the reads.
import { sql, join, type Db } from '../db/db.ts';
import type { Paper, PaperInput } from '../model.ts';
import { mergePaper } from './merge-paper.ts';
import { rowFromInput, rowToPaper, toRow, type PaperRow } from './paper-row.ts';
import { sqlColumns, writeRowsPostgres, writeRowsSqlite } from './paper-writes.ts';
import type { PaperMemo, PaperStamp } from './paper-memo.ts';

export { COLUMNS, rowFromInput, rowToPaper, toRow, type PaperRow } from './paper-row.ts';

export interface UpsertResult {
  created: number;
  updated: number;
  unchanged: number;
  /** Ids whose stored record was created or changed, for derived data (search index) to follow. */
  changedIds: string[];
}

const IN_CHUNK = 500;

/** Any constant no other lock uses: the key of the catalog upsert's advisory lock. */
const PG_PAPER_UPSERT_LOCK = 7_253_001;

async function getRowsByIds(db: Db, ids: string[]): Promise<Map<string, PaperRow>> {
  const found = new Map<string, PaperRow>();
  for (let i = 0; i < ids.length; i += IN_CHUNK) {
    const chunk = ids.slice(i, i + IN_CHUNK);
    const rows = await db.all<PaperRow>(sql`SELECT ${sqlColumns()}, community_upvotes, hidden_at FROM papers WHERE id IN (${join(chunk)})`);
    for (const r of rows) found.set(r.id, r);
  }
  return found;
}


export interface UpsertOptions {
  /**
   * A bulk import: on PostgreSQL its commits do not wait for the WAL flush. A crash can then lose
   * the last fraction of a second of committed batches, never consistency, and re-running the
   * import (idempotent) restores them. Interactive writes (a submission) leave this off.
   */
  bulk?: boolean;
}

/**
 * Merges a batch of parsed records into the catalog in one transaction and reports what changed.
 * Records for the same id within the batch are merged in order.
 */
export async function upsertPapers(db: Db, inputs: readonly PaperInput[], now = Date.now(), opts: UpsertOptions = {}): Promise<UpsertResult> {
  return upsertRows(db, inputs.map(rowFromInput), now, opts);
}

/**
 * upsertPapers for records already turned into rows (`rowFromInput`), which an import does in its
 * parse worker: a paper not yet in the catalog is then written as it came, and only papers seen
 * before (or twice in the batch) go through the merge.
 */
export async function upsertRows(db: Db, incoming: readonly PaperRow[], now = Date.now(), opts: UpsertOptions = {}): Promise<UpsertResult> {
  return db.transaction(async (tx) => {
    if (tx.dialect === 'postgres') {
      if (opts.bulk) await tx.exec('SET LOCAL synchronous_commit = off');
      // Catalog upserts take turns (SQLite's single writer does the same): a batch then knows
      // which of its papers are new, and the writer copies those straight into the table.
      await tx.get(sql`SELECT pg_advisory_xact_lock(${PG_PAPER_UPSERT_LOCK})`);
    }
    const ids = [...new Set(incoming.map((r) => r.id))];
    const stored = await getRowsByIds(tx, ids);
    const merged = new Map<string, PaperRow>();
    for (const row of incoming) {
      const before = merged.get(row.id) ?? stored.get(row.id);
      if (!before) {
        merged.set(row.id, row);
        continue;
      }
      // A row made by rowFromInput read back as a Paper is that record, normalised: the merge
      // takes it as the input it came from.
      const paper = mergePaper(rowToPaper(before), rowToPaper(row));
      merged.set(row.id, toRow(paper, 0, 0));
    }
    const writes: PaperRow[] = [];
    const categoryChanges: PaperRow[] = [];
    const result: UpsertResult = { created: 0, updated: 0, unchanged: 0, changedIds: [] };
    for (const [id, row] of merged) {
      const old = stored.get(id);
      if (old && old.content_hash === row.content_hash) {
        result.unchanged++;
        continue;
      }
      row.created_at = old?.created_at ?? now;
      row.modified_at = now;
      if (old) result.updated++;
      else result.created++;
      result.changedIds.push(id);
      writes.push(row);
      if (!old || old.categories !== row.categories || old.published_at !== row.published_at) categoryChanges.push(row);
    }
    if (writes.length === 0) return result;
    if (tx.dialect === 'postgres') await writeRowsPostgres(tx, writes, categoryChanges, stored);
    else writeRowsSqlite(tx, writes, categoryChanges, stored);
    return result;
  });
}

export async function getPaper(db: Db, id: string, kept?: PaperMemo): Promise<Paper | null> {
  if (kept) {
    // The row's stamp; the whole row only when the kept paper is not current (paper-memo.ts).
    const stamp = await db.get<PaperStamp>(sql`SELECT id, modified_at, community_upvotes, hidden_at FROM papers WHERE id = ${id}`);
    if (!stamp) return null;
    const known = kept.get(stamp);
    if (known) return known;
    const paper = await getPaper(db, id);
    if (paper) kept.set(paper);
    return paper;
  }
  const row = await db.get<PaperRow>(sql`SELECT ${sqlColumns()}, community_upvotes FROM papers WHERE id = ${id}`);
  return row ? rowToPaper(row) : null;
}

/** Papers by id, in the order of `ids`; unknown ids are skipped. */
export async function getPapersByIds(db: Db, ids: readonly string[], opts: { visibleOnly?: boolean; kept?: PaperMemo } = {}): Promise<Paper[]> {
  if (opts.kept) return papersOfStamps(db, await getPaperStamps(db, [...new Set(ids)]), opts.kept, opts.visibleOnly ?? false, ids);
  const rows = await getRowsByIds(db, [...new Set(ids)]);
  // visibleOnly: what people are shown (search results, trending) leaves out papers moderators hid.
  const shown = (id: string) => rows.has(id) && !(opts.visibleOnly && rows.get(id)!.hidden_at != null);
  return ids.flatMap((id) => (shown(id) ? [rowToPaper(rows.get(id)!)] : []));
}

async function getPaperStamps(db: Db, ids: string[]): Promise<PaperStamp[]> {
  const out: PaperStamp[] = [];
  for (let i = 0; i < ids.length; i += IN_CHUNK) {
    out.push(...(await db.all<PaperStamp>(sql`SELECT id, modified_at, community_upvotes, hidden_at FROM papers WHERE id IN (${join(ids.slice(i, i + IN_CHUNK))})`)));
  }
  return out;
}

/**
 * The papers of stamps (as listings read them), from `kept` where the kept paper is current and
 * read whole otherwise, in the order of `order` (default: the stamps' order). Hidden papers are
 * left out with `visibleOnly`.
 */
export async function papersOfStamps(db: Db, stamps: readonly PaperStamp[], kept: PaperMemo, visibleOnly: boolean, order?: readonly string[]): Promise<Paper[]> {
  const byId = new Map<string, Paper>();
  const missing: string[] = [];
  const shown = stamps.filter((s) => !(visibleOnly && s.hidden_at != null));
  for (const s of shown) {
    const paper = kept.get(s);
    if (paper) byId.set(s.id, paper);
    else missing.push(s.id);
  }
  if (missing.length) {
    for (const row of (await getRowsByIds(db, missing)).values()) {
      if (visibleOnly && row.hidden_at != null) continue;
      const paper = rowToPaper(row);
      kept.set(paper);
      byId.set(paper.id, paper);
    }
  }
  return (order ?? shown.map((s) => s.id)).flatMap((id) => byId.get(id) ?? []);
}

/** How many papers, and when any last changed (an import, a harvest, a vote's counter): "catalog updated …". */
export async function getCatalogFreshness(db: Db): Promise<{ papers: number; lastUpdatedAt: number | null }> {
  const row = await db.get<{ n: number; m: number | null }>(sql`SELECT COUNT(*) AS n, MAX(modified_at) AS m FROM papers`);
  return { papers: Number(row?.n ?? 0), lastUpdatedAt: row?.m === null || row?.m === undefined ? null : Number(row.m) };
}

/** When any paper last changed (an index look-up): the footer's "catalog updated". */
export async function getCatalogUpdatedAt(db: Db): Promise<number | null> {
  const row = await db.get<{ m: number | null }>(sql`SELECT MAX(modified_at) AS m FROM papers`);
  return row?.m === null || row?.m === undefined ? null : Number(row.m);
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
