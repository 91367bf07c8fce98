// SQL for what an uncached page must read fresh on every request, beside what is kept between
// requests (papers in paper-memo.ts, scores and facts per catalog version): each page's reads in
// one statement. On PostgreSQL every statement is a round trip and a wait for one of the pool's
// connections, which under 50 concurrent requests cost 20-60 ms each, far more than the reads
// themselves; a listing made 3-5 of them and a paper page 7-8. Each branch of a UNION below is
// the statement it replaces (row-facts.ts, repos.ts, paper-community.ts, comments.ts, papers.ts),
// with the same indexes; the store tests check both give the same answers on both databases.
import { sql, join, raw, empty, type Db, type Sql } from '../db/db.ts';
import type { PaperStamp } from './paper-memo.ts';
import type { RowFacts } from './row-facts.ts';
import type { PaperCommunityFacts } from './paper-community.ts';
import { toComment, type Comment } from './comments.ts';
import { mainRepoIdOf, type RepoRow } from './repos.ts';
import type { ClaimStatus } from './moderation.ts';
import { NULL_NUMBER as N, NULL_TEXT as T } from './union-nulls.ts';
import { starDataVersionSql } from './data-version.ts';
import { sameCategoryChoice } from './listings.ts';

/** One row of a UNION: `k` says what it is and which columns carry what. */
interface UnionRow {
  k: string;
  id: string | null;
  n1: number | string | null;
  n2: number | string | null;
  n3: number | string | null;
  n4: number | string | null;
  n5: number | string | null;
  n6: number | string | null;
  n7: number | string | null;
  t1: string | null;
  t2: string | null;
  t3: string | null;
  t4: string | null;
  t5: string | null;
}

const num = (v: number | string | null): number | null => (v === null ? null : Number(v));

/** A star history point, oldest first per paper (as listStarHistories gives them). */
export type StarHistory = { at: number; stars: number }[];

export interface ListingRowsRead {
  /** The papers' stamps (papersOfStamps turns them into papers), in the listing's order. */
  stamps: PaperStamp[];
  facts: RowFacts;
  /**
   * Star histories of the papers' main repositories, when asked for: of every paper that has one,
   * except, with KeptHistories, those kept while the star-data version is still the kept one.
   */
  histories: Map<string, StarHistory>;
  /** With histories: the star-data version (data-version.ts) the histories were read at. */
  starVersion?: number;
}

/**
 * Star histories a caller keeps from earlier reads (web/star-memo.ts), as of star-data version
 * `version`. A read leaves out the histories of the papers `has` names while the version is still
 * that one: the check is part of the statement that reads the rest, so what is left out and the
 * version read agree (a write committed in between moves the version, and then every history is read).
 */
export interface KeptHistories {
  version: number;
  has(paperId: string): boolean;
}

/**
 * Where a listing's ids come from: a list already known (trending's kept scores), or a Daily Papers
 * period's page, chosen in the same statement on the papers_featured_rank index.
 */
export type ListingIds = { ids: readonly string[] } | { featured: { from: string; to: string; order: string; submitter?: string; limit: number; offset: number } };

/**
 * A listing's rows read at once: each paper's stamp, its comment count and stars (row-facts.ts),
 * and with `histories` its star history (repos.ts listStarHistories) and the star-data version:
 * one statement where it was three or four. With kept histories (a list of ids only: a chosen
 * page's ids are not known before the statement), the kept papers' snapshots are read only when
 * the version has moved since.
 */
export async function readListingRows(db: Db, from: ListingIds, opts: { facts?: boolean; histories?: boolean | KeptHistories } = {}): Promise<ListingRowsRead> {
  const out: ListingRowsRead = { stamps: [], facts: { comments: new Map(), stars: new Map() }, histories: new Map() };
  // The page's ids as each branch matches them: a known list as a literal list (planned as the
  // single-purpose statements were), a chosen page through a WITH that each branch reads.
  let inPage: Sql;
  let withPage: Sql = empty;
  let stampBranch: Sql;
  if ('ids' in from) {
    if (from.ids.length === 0) return out;
    inPage = join([...from.ids]);
    stampBranch = sql`SELECT 'p' AS k, p.id AS id, p.modified_at AS n1, CAST(p.community_upvotes AS BIGINT) AS n2, p.hidden_at AS n3, ${N} AS n4
      FROM papers p WHERE p.id IN (${inPage})`;
  } else {
    const f = from.featured;
    const order = raw(f.order);
    const submitter = f.submitter === undefined ? empty : sql` AND submitted_by = ${f.submitter}`;
    // The page's place in order is numbered over the page alone (at most `limit` rows): the
    // chosen ids come off the covering index in order, as listFeaturedPapers picks them.
    withPage = sql`WITH page AS (SELECT id, ROW_NUMBER() OVER (ORDER BY ${order}) AS n FROM (
        SELECT id, hf_upvotes, community_upvotes, published_at FROM papers
        WHERE featured_on >= ${f.from} AND featured_on <= ${f.to} AND hidden_at IS NULL${submitter}
        ORDER BY ${order} LIMIT ${f.limit} OFFSET ${f.offset}) chosen) `;
    inPage = sql`SELECT id FROM page`;
    stampBranch = sql`SELECT 'p' AS k, p.id AS id, p.modified_at AS n1, CAST(p.community_upvotes AS BIGINT) AS n2, p.hidden_at AS n3, CAST(pg.n AS BIGINT) AS n4
      FROM page pg JOIN papers p ON p.id = pg.id`;
  }
  const branches: Sql[] = [stampBranch];
  if (opts.facts ?? true) {
    branches.push(sql`SELECT 'c', paper_id, COUNT(*), ${N}, ${N}, ${N} FROM comments
      WHERE paper_id IN (${inPage}) AND deleted_at IS NULL AND hidden_at IS NULL GROUP BY paper_id`);
    branches.push(sql`SELECT 's', paper_id, CAST(star_delta AS BIGINT), CAST(stars_total AS BIGINT), ${N}, ${N} FROM trending_scores
      WHERE span = 'week' AND paper_id IN (${inPage}) AND stars_total IS NOT NULL`);
  }
  if (opts.histories) {
    branches.push(sql`SELECT 'v', ${T}, ${starDataVersionSql}, ${N}, ${N}, ${N}`);
    // Each paper's most-starred repository (the one its chart shows), then its snapshots; the kept
    // ones only when the version has moved (the scalar subquery is evaluated once per statement).
    const kept = opts.histories !== true && 'ids' in from ? opts.histories : null;
    const ids = 'ids' in from ? from.ids : [];
    const missing = kept ? ids.filter((id) => !kept.has(id)) : [];
    const moved = sql`${starDataVersionSql} <> ${kept?.version ?? 0}`;
    const unkept = !kept || missing.length === ids.length ? empty : missing.length ? sql` AND (${moved} OR paper_id IN (${join(missing)}))` : sql` AND ${moved}`;
    branches.push(sql`SELECT 'h', m.paper_id, s.at, CAST(s.stars AS BIGINT), ${N}, ${N} FROM (
        SELECT d.paper_id, ${mainRepoIdOf(raw('d.paper_id'))} AS repo_id
        FROM (SELECT DISTINCT paper_id FROM paper_repos WHERE paper_id IN (${inPage})${unkept}) d) m
      JOIN star_snapshots s ON s.repo_id = m.repo_id`);
  }
  const rows = await db.all<Pick<UnionRow, 'k' | 'id' | 'n1' | 'n2' | 'n3' | 'n4'>>(sql`${withPage}${join(branches, ' UNION ALL ')}`);
  const ordered: { stamp: PaperStamp; n: number }[] = [];
  for (const r of rows) {
    const id = r.id!;
    if (r.k === 'p') ordered.push({ stamp: { id, modified_at: r.n1!, community_upvotes: r.n2, hidden_at: r.n3 }, n: Number(r.n4 ?? 0) });
    else if (r.k === 'c') out.facts.comments.set(id, Number(r.n1));
    else if (r.k === 's') out.facts.stars.set(id, { delta: Number(r.n1), total: Number(r.n2) });
    else if (r.k === 'v') out.starVersion = Number(r.n1);
    else if (r.k === 'h') {
      let history = out.histories.get(id);
      if (!history) out.histories.set(id, (history = []));
      history.push({ at: Number(r.n1), stars: Number(r.n2) });
    }
  }
  for (const h of out.histories.values()) h.sort((a, b) => a.at - b.at);
  if ('ids' in from) {
    const place = new Map(from.ids.map((id, i) => [id, i] as const));
    ordered.sort((a, b) => place.get(a.stamp.id)! - place.get(b.stamp.id)!);
  } else {
    ordered.sort((a, b) => a.n - b.n);
  }
  out.stamps = ordered.map((o) => o.stamp);
  return out;
}

export interface PaperPageRead {
  /** The catalog version (as getCatalogVersion reads it), read in the same statement. */
  version: number;
  /** The paper's stamp, or null when there is no such paper. */
  stamp: PaperStamp | null;
  /** As getPaperCommunityFacts. */
  facts: PaperCommunityFacts | null;
  /** As listPaperComments: every comment in posting order. */
  comments: Comment[];
  /** As getPaperMainRepo. */
  repo: RepoRow | undefined;
  /**
   * As listPaperStarHistory: the main repository's snapshots, oldest first; empty when the caller's
   * kept history (`keptHistory`) is still current, that is when starVersion is the kept version.
   */
  history: StarHistory;
  /** The star-data version (data-version.ts) the history was read at. */
  starVersion: number;
  /** Stamps of `others` (the similar papers kept for this one), in their order; unknown ids left out. */
  others: PaperStamp[];
  /**
   * With `sameCategory` (how many): stamps of the papers listSameCategoryPapers shows for a paper
   * with a primary category, in their order (none for a paper without: it uses another category).
   */
  sameCategory: PaperStamp[];
  /** With a viewer: whether they upvoted the paper, and their authorship claim's status. */
  upvoted: boolean;
  claim: ClaimStatus | null;
}

/**
 * Everything a paper page reads fresh, in one statement: the catalog version (which the kept
 * trending scores, similar papers and papers are checked against), the paper's stamp and community
 * facts, its comments, its main repository and star history, the stamps of the papers kept as
 * similar to it, and with a viewer their vote and claim. It was seven to nine statements. With
 * `keptHistory` (the star-data version of a history the caller keeps for this paper), the
 * snapshots are read only when the version has moved since.
 */
export async function readPaperPage(
  db: Db,
  id: string,
  others: readonly string[],
  viewerId: number | null,
  { keptHistory, sameCategory = 0 }: { keptHistory?: number; sameCategory?: number } = {},
): Promise<PaperPageRead> {
  const mainRepo = mainRepoIdOf(id);
  const unkept = keptHistory === undefined ? empty : sql` AND ${starDataVersionSql} <> ${keptHistory}`;
  const branches: Sql[] = [
    sql`SELECT 'v' AS k, ${T} AS id, MAX(modified_at) AS n1, ${starDataVersionSql} AS n2, ${N} AS n3, ${N} AS n4, ${N} AS n5, ${N} AS n6, ${N} AS n7,
        ${T} AS t1, ${T} AS t2, ${T} AS t3, ${T} AS t4, ${T} AS t5 FROM papers`,
    sql`SELECT 'p', p.id, p.modified_at, CAST(p.community_upvotes AS BIGINT), p.hidden_at, CAST(p.hf_upvotes AS BIGINT), p.published_at, ${N}, ${N},
        p.featured_on, o.code_url, o.project_url, ${T}, ${T}
      FROM papers p LEFT JOIN paper_link_overrides o ON o.paper_id = p.id WHERE p.id = ${id}`,
    sql`SELECT 'c', ${T}, c.id, c.parent_id, c.created_at, c.edited_at, c.deleted_at, c.hidden_at, c.user_id,
        u.name, c.body, c.html, ${T}, ${T}
      FROM comments c JOIN users u ON u.id = c.user_id WHERE c.paper_id = ${id}`,
    sql`SELECT 'r', ${T}, r.id, CAST(r.stars AS BIGINT), r.last_checked, ${N}, ${N}, ${N}, ${N}, r.url, r.full_name, r.status, r.renamed_to, r.etag
      FROM repos r WHERE r.id = ${mainRepo}`,
    sql`SELECT 'h', ${T}, s.at, CAST(s.stars AS BIGINT), ${N}, ${N}, ${N}, ${N}, ${N}, ${T}, ${T}, ${T}, ${T}, ${T}
      FROM star_snapshots s WHERE s.repo_id = ${mainRepo}${unkept}`,
  ];
  if (others.length) {
    branches.push(sql`SELECT 'o', id, modified_at, CAST(community_upvotes AS BIGINT), hidden_at, ${N}, ${N}, ${N}, ${N}, ${T}, ${T}, ${T}, ${T}, ${T}
      FROM papers WHERE id IN (${join([...others])})`);
  }
  if (sameCategory > 0) {
    // The related papers shown while no similar ones are known (store/listings.ts): not a statement of their own.
    branches.push(sql`SELECT 'f', p.id, p.modified_at, CAST(p.community_upvotes AS BIGINT), p.hidden_at, CAST(f.n AS BIGINT), ${N}, ${N}, ${N}, ${T}, ${T}, ${T}, ${T}, ${T}
      FROM (${sameCategoryChoice(db, id, sameCategory)}) f JOIN papers p ON p.id = f.paper_id`);
  }
  if (viewerId !== null) {
    branches.push(sql`SELECT 'u', ${T}, ${N}, ${N}, ${N}, ${N}, ${N}, ${N}, ${N}, ${T}, ${T}, ${T}, ${T}, ${T}
      FROM votes WHERE user_id = ${viewerId} AND paper_id = ${id}`);
    branches.push(sql`SELECT 'a', ${T}, ${N}, ${N}, ${N}, ${N}, ${N}, ${N}, ${N}, status, ${T}, ${T}, ${T}, ${T}
      FROM authorship_claims WHERE paper_id = ${id} AND user_id = ${viewerId}`);
  }
  const rows = await db.all<UnionRow>(join(branches, ' UNION ALL '));
  const read: PaperPageRead = { version: 0, stamp: null, facts: null, comments: [], repo: undefined, history: [], starVersion: 0, others: [], sameCategory: [], upvoted: false, claim: null };
  const others_: PaperStamp[] = [];
  const sameCategory_: { stamp: PaperStamp; n: number }[] = [];
  for (const r of rows) {
    switch (r.k) {
      case 'v':
        read.version = Number(r.n1 ?? 0);
        read.starVersion = Number(r.n2 ?? 0);
        break;
      case 'p':
        read.stamp = { id: r.id!, modified_at: r.n1!, community_upvotes: r.n2, hidden_at: r.n3 };
        read.facts = {
          communityUpvotes: Number(r.n2),
          hfUpvotes: Number(r.n4),
          hiddenAt: num(r.n3),
          featuredOn: r.t1,
          publishedAt: num(r.n5),
          codeUrl: r.t2,
          projectUrl: r.t3,
        };
        break;
      case 'c':
        read.comments.push(
          toComment({
            id: Number(r.n1),
            paper_id: id,
            user_id: Number(r.n7),
            name: r.t1!,
            parent_id: num(r.n2),
            body: r.t2!,
            html: r.t3!,
            created_at: Number(r.n3),
            edited_at: num(r.n4),
            deleted_at: num(r.n5),
            hidden_at: num(r.n6),
          }),
        );
        break;
      case 'r':
        read.repo = {
          id: Number(r.n1),
          url: r.t1!,
          full_name: r.t2!,
          status: r.t3 as RepoRow['status'],
          renamed_to: r.t4,
          stars: num(r.n2),
          etag: r.t5,
          last_checked: num(r.n3),
        };
        break;
      case 'h':
        read.history.push({ at: Number(r.n1), stars: Number(r.n2) });
        break;
      case 'o':
        others_.push({ id: r.id!, modified_at: r.n1!, community_upvotes: r.n2, hidden_at: r.n3 });
        break;
      case 'f':
        sameCategory_.push({ stamp: { id: r.id!, modified_at: r.n1!, community_upvotes: r.n2, hidden_at: r.n3 }, n: Number(r.n4) });
        break;
      case 'u':
        read.upvoted = true;
        break;
      case 'a':
        read.claim = r.t1 as ClaimStatus;
        break;
    }
  }
  read.comments.sort((a, b) => a.id - b.id);
  read.history.sort((a, b) => a.at - b.at);
  const place = new Map(others.map((o, i) => [o, i] as const));
  read.others = others_.sort((a, b) => place.get(a.id)! - place.get(b.id)!);
  read.sameCategory = sameCategory_.sort((a, b) => a.n - b.n).map((f) => f.stamp);
  return read;
}
