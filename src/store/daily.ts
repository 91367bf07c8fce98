// SQL for Daily Papers listings: the papers featured in a range of days, counted, sorted and paged,
// and the featured days around a date (for "latest day" and previous/next navigation).
import { sql, raw, empty, type Db } from '../db/db.ts';
import type { Paper } from '../model.ts';
import { papersOfStamps, rowToPaper, type PaperRow } from './papers.ts';
import type { PaperMemo, PaperStamp } from './paper-memo.ts';
import { readListingRows } from './page-reads.ts';
import { catalogVersionSql, getCatalogVersion } from './data-version.ts';
import { loadRowFacts, type RowFacts } from './row-facts.ts';

export type DailySort = 'trending' | 'publishedAt' | 'upvotes';

/**
 * Papers hidden by moderators (hidden_at) are left out of every listing. Upvotes are Hugging
 * Face's plus this site's members' (community_upvotes).
 * ORDER BY clauses per sort, constants of this file (never input), so safe as raw SQL.
 * `trending` is interim: Hugging Face upvotes, most first, until the trending score lands; the
 * trending feature swaps this one line for its stored score column. `id` breaks ties so paging
 * is stable.
 */
const ORDER: Record<DailySort, string> = {
  trending: '(hf_upvotes + community_upvotes) DESC, id DESC',
  upvotes: '(hf_upvotes + community_upvotes) DESC, id DESC',
  publishedAt: 'published_at DESC NULLS LAST, id DESC',
};

export interface FeaturedQuery {
  /** First and last featured day, inclusive, YYYY-MM-DD. */
  from: string;
  to: string;
  /** Only papers this handle submitted. */
  submitter?: string;
  sort: DailySort;
  limit: number;
  offset: number;
}

/**
 * Papers featured on Daily Papers between two days. The page's ids are chosen on the covering
 * index papers_featured_rank (migration 041; sorting small index entries), then only those rows are read: twice
 * as fast as sorting whole rows for a month of papers.
 */
export async function listFeaturedPapers(db: Db, q: FeaturedQuery, kept?: PaperMemo): Promise<Paper[]> {
  if (kept) return papersOfStamps(db, (await readFeaturedStamps(db, q)).stamps, kept, true);
  const order = raw(ORDER[q.sort]);
  const rows = await db.all<PaperRow>(sql`SELECT * FROM papers WHERE id IN (
      SELECT id FROM papers WHERE featured_on >= ${q.from} AND featured_on <= ${q.to} AND hidden_at IS NULL${bySubmitter(q.submitter)}
      ORDER BY ${order} LIMIT ${q.limit} OFFSET ${q.offset})
    ORDER BY ${order}`);
  return rows.map(rowToPaper);
}

/**
 * The page's stamps only (whole rows come from store/paper-memo.ts), with the catalog's version
 * (store/data-version.ts): a caller holding facts kept for a version learns whether they still
 * hold. On PostgreSQL it is read in the same statement (a round trip, and its share of the pool
 * and the kernel's loopback, less per answer). The version is null when the page is empty.
 */
export async function readFeaturedStamps(db: Db, q: FeaturedQuery): Promise<{ stamps: PaperStamp[]; version: number | null }> {
  const order = raw(ORDER[q.sort]);
  const where = sql`featured_on >= ${q.from} AND featured_on <= ${q.to} AND hidden_at IS NULL${bySubmitter(q.submitter)}`;
  // The page and its stamps come off the covering index papers_featured_rank (migration 120): no
  // table row is read (by submitter, another index).
  const page = sql`FROM papers WHERE ${where} ORDER BY ${order} LIMIT ${q.limit} OFFSET ${q.offset}`;
  if (db.dialect === 'sqlite') {
    // A statement here is a call, not a round trip, and the version as a column of every row cost
    // a sixth of the statement. Read after the page: a version still the one the caller kept facts
    // for means no catalog write came before the page was read.
    const stamps = await db.all<PaperStamp>(sql`SELECT id, modified_at, community_upvotes, hidden_at ${page}`);
    return { stamps, version: stamps.length ? await getCatalogVersion(db) : null };
  }
  const rows = await db.all<PaperStamp & { catalog_version: number | string | null }>(
    sql`SELECT id, modified_at, community_upvotes, hidden_at, ${catalogVersionSql} AS catalog_version ${page}`,
  );
  return { stamps: rows, version: rows.length ? Number(rows[0]!.catalog_version ?? 0) : null };
}

/**
 * listFeaturedPapers with kept papers, and the rows' facts (comments, stars) read in the same
 * statement as the page's stamps (store/page-reads.ts): one round trip where it was two.
 */
export async function listFeaturedPapersWithFacts(db: Db, q: FeaturedQuery, kept: PaperMemo): Promise<{ papers: Paper[]; facts: RowFacts }> {
  // On SQLite a statement is a call in this process, not a round trip, and the two plain ones cost
  // half the combined one (its page is numbered by a window function): 0.14 against 0.27 ms.
  if (db.dialect === 'sqlite') {
    const papers = await listFeaturedPapers(db, q, kept);
    return { papers, facts: await loadRowFacts(db, papers.map((p) => p.id)) };
  }
  const read = await readListingRows(db, { featured: { from: q.from, to: q.to, order: ORDER[q.sort], submitter: q.submitter, limit: q.limit, offset: q.offset } });
  return { papers: await papersOfStamps(db, read.stamps, kept, true), facts: read.facts };
}

/** A submitter's papers are found on the papers_submitted_by index (migration 070). */
function bySubmitter(submitter: string | undefined) {
  return submitter === undefined ? empty : sql` AND submitted_by = ${submitter}`;
}

export async function countFeaturedPapers(db: Db, from: string, to: string, submitter?: string): Promise<number> {
  const row = await db.get<{ n: number | string }>(
    sql`SELECT COUNT(*) AS n FROM papers WHERE featured_on >= ${from} AND featured_on <= ${to} AND hidden_at IS NULL${bySubmitter(submitter)}`,
  );
  return Number(row?.n ?? 0);
}

/** The most recent day with featured papers, or null for an empty catalog. */
export async function getLatestFeaturedDay(db: Db): Promise<string | null> {
  const row = await db.get<{ day: string | null }>(sql`SELECT MAX(featured_on) AS day FROM papers WHERE featured_on IS NOT NULL`);
  return row?.day ?? null;
}

/** The closest featured day strictly before `day`, or null. */
export async function getFeaturedDayBefore(db: Db, day: string): Promise<string | null> {
  const row = await db.get<{ day: string | null }>(sql`SELECT MAX(featured_on) AS day FROM papers WHERE featured_on < ${day}`);
  return row?.day ?? null;
}

/** The closest featured day strictly after `day`, or null. */
export async function getFeaturedDayAfter(db: Db, day: string): Promise<string | null> {
  const row = await db.get<{ day: string | null }>(sql`SELECT MIN(featured_on) AS day FROM papers WHERE featured_on > ${day}`);
  return row?.day ?? null;
}
