// SQL for trending: the set-wise score computation, the stored per-window scores and their listing.
import { sql, raw, empty, type Db, type Sql } from '../db/db.ts';
import type { Paper } from '../model.ts';
import { getPapersByIds } from './papers.ts';
import type { PaperMemo } from './paper-memo.ts';
import {
  HALF_LIFE_MS,
  RECENCY_FLOOR,
  TRENDING_WINDOWS,
  UPVOTE_WEIGHT,
  WINDOW_MS,
  YOUNG_PAPER_MS,
  trendingScore,
  type TrendingParts,
  type TrendingWindow,
} from '../trending/score.ts';

export interface TrendingRow {
  paper: Paper;
  score: number;
  parts: TrendingParts;
}

export interface TrendingScoreRow {
  paper_id: string;
  score: number;
  star_delta: number | null;
  stars_total: number | null;
  upvotes: number;
  age_ms: number;
}
type ScoreRow = TrendingScoreRow;

const LN2 = Math.LN2;

/** A number parameter PostgreSQL must treat as floating point (it would guess from context). */
function num(x: number): Sql {
  return sql`CAST(${x} AS DOUBLE PRECISION)`;
}

/**
 * The scores of every paper with activity in the window ending at `at` (see trending/score.ts
 * for the formula this mirrors term by term), as one SELECT both databases run.
 *
 * It starts from activity, not from the catalog: only repositories with a snapshot inside the
 * window can have gained stars and only papers with an upvote tally inside it have upvotes, so
 * the cost grows with what happened in the window, not with the size of the catalog.
 * `paperId` restricts it to one paper (the per-vote update).
 */
function scoresQuery(window: TrendingWindow, at: number, paperId: string | null): Sql {
  const start = at - WINDOW_MS[window];
  const young = start - YOUNG_PAPER_MS;
  const half = HALF_LIFE_MS[window];
  // Past this age recency is at its floor; checking it first also keeps exp() from underflowing,
  // which PostgreSQL reports as an error.
  const floorAge = Math.ceil(half * Math.log2(1 / RECENCY_FLOOR));
  // Repositories with a snapshot inside the window. For the whole catalog: a range of the
  // snapshots' time index (the inner MATERIALIZED keeps SQLite on that index rather than scanning
  // the primary key for the DISTINCT; the one-paper form leaves window_snapshots unused, so neither
  // database computes it). For one paper: its own repositories, checked one by one.
  const moved =
    paperId === null
      ? sql`SELECT DISTINCT repo_id FROM window_snapshots`
      : sql`SELECT pr.repo_id FROM paper_repos pr WHERE pr.paper_id = ${paperId}
          AND EXISTS (SELECT 1 FROM star_snapshots s WHERE s.repo_id = pr.repo_id AND s.at > ${start} AND s.at <= ${at})`;
  const votes =
    paperId === null
      ? sql`SELECT paper_id, votes FROM upvote_tallies WHERE bucket_at > ${start} AND bucket_at <= ${at}`
      : sql`SELECT paper_id, votes FROM upvote_tallies WHERE paper_id = ${paperId} AND bucket_at > ${start} AND bucket_at <= ${at}`;
  // MATERIALIZED: each step is computed once (SQLite would otherwise re-run the correlated
  // look-ups for every reference), and CROSS JOIN fixes SQLite's join order to start from the few
  // moved repositories rather than scan every link; PostgreSQL reads it as a plain inner join.
  return sql`WITH
  window_snapshots AS MATERIALIZED (SELECT repo_id FROM star_snapshots WHERE at > ${start} AND at <= ${at}),
  window_votes AS MATERIALIZED (${votes}),
  moved AS MATERIALIZED (${moved}),
  repo_stars AS MATERIALIZED (
    SELECT m.repo_id,
      (SELECT s.stars FROM star_snapshots s WHERE s.repo_id = m.repo_id AND s.at <= ${at} ORDER BY s.at DESC LIMIT 1) AS stars_now,
      (SELECT s.stars FROM star_snapshots s WHERE s.repo_id = m.repo_id AND s.at <= ${start} ORDER BY s.at DESC LIMIT 1) AS stars_before
    FROM moved m
  ),
  paper_stars AS MATERIALIZED (
    SELECT pr.paper_id,
      MAX(rs.stars_now - COALESCE(rs.stars_before,
        CASE WHEN COALESCE(p.published_at, p.created_at) >= ${young} THEN 0
             ELSE (SELECT s.stars FROM star_snapshots s WHERE s.repo_id = rs.repo_id AND s.at > ${start} ORDER BY s.at LIMIT 1) END)) AS star_delta,
      MAX(rs.stars_now) AS stars_total
    FROM repo_stars rs CROSS JOIN paper_repos pr CROSS JOIN papers p
    WHERE pr.repo_id = rs.repo_id AND p.id = pr.paper_id
    GROUP BY pr.paper_id
  ),
  activity AS (
    SELECT paper_id, star_delta, stars_total, 0 AS upvotes FROM paper_stars
    UNION ALL
    SELECT paper_id, NULL, NULL, votes FROM window_votes
  ),
  per_paper AS MATERIALIZED (
    SELECT paper_id, MAX(star_delta) AS star_delta, MAX(stars_total) AS stars_total, SUM(upvotes) AS upvotes
    FROM activity GROUP BY paper_id
  ),
  counts AS MATERIALIZED (
    SELECT c.paper_id,
      -- no stars moved: 0 when the paper has code, NULL ("no code") when it has none
      CASE WHEN c.star_delta IS NOT NULL THEN c.star_delta
           WHEN EXISTS (SELECT 1 FROM paper_repos x WHERE x.paper_id = c.paper_id) THEN 0 END AS star_delta,
      c.stars_total,
      CASE WHEN c.upvotes > 0 THEN c.upvotes ELSE 0 END AS upvotes,
      CASE WHEN ${at} - COALESCE(p.published_at, p.created_at) > 0 THEN ${at} - COALESCE(p.published_at, p.created_at) ELSE 0 END AS age_ms
    FROM per_paper c CROSS JOIN papers p
    WHERE p.id = c.paper_id AND COALESCE(p.published_at, p.created_at) <= ${at} AND p.hidden_at IS NULL
  )
  SELECT paper_id, star_delta, stars_total, upvotes, age_ms,
    (ln(CAST(1 + CASE WHEN star_delta > 0 THEN star_delta ELSE 0 END AS DOUBLE PRECISION)) / ${num(LN2)}
      + ${num(UPVOTE_WEIGHT)} * ln(CAST(1 + upvotes AS DOUBLE PRECISION)) / ${num(LN2)})
    * CASE WHEN age_ms >= ${floorAge} THEN ${num(RECENCY_FLOOR)}
           ELSE exp(${num(-LN2)} * CAST(age_ms AS DOUBLE PRECISION) / ${num(half)}) END AS score
  FROM counts`;
}

/**
 * Recomputes and stores the scores of one window as of `at`, replacing the window's previous
 * scores in one transaction (readers see the old list or the new one, never half of each).
 * Returns how many papers have a score.
 */
export async function recomputeTrending(db: Db, opts: { window: TrendingWindow; at: number; now?: number }): Promise<number> {
  const { window, at } = opts;
  return db.transaction(async (tx) => {
    await tx.run(sql`DELETE FROM trending_scores WHERE span = ${window}`);
    const n = await tx.run(sql`INSERT INTO trending_scores (span, paper_id, score, star_delta, stars_total, upvotes, age_ms, as_of)
      SELECT ${window}, paper_id, score, star_delta, stars_total, upvotes, age_ms, CAST(${at} AS BIGINT)
      FROM (${scoresQuery(window, at, null)}) scored WHERE score > 0`);
    await tx.run(sql`INSERT INTO trending_runs (span, as_of, computed_at, papers) VALUES (${window}, ${at}, ${opts.now ?? Date.now()}, ${n})
      ON CONFLICT (span) DO UPDATE SET as_of = excluded.as_of, computed_at = excluded.computed_at, papers = excluded.papers`);
    return n;
  });
}

/**
 * Brings one paper's stored scores up to date in every window after a vote (or a star refresh),
 * as of `now`: a few index look-ups, not a recompute. A paper whose score drops to 0 leaves the list.
 */
export async function updateTrendingForPaper(db: Db, paperId: string, now = Date.now()): Promise<void> {
  await db.transaction(async (tx) => {
    for (const window of TRENDING_WINDOWS) {
      await tx.run(sql`DELETE FROM trending_scores WHERE span = ${window} AND paper_id = ${paperId}`);
      await tx.run(sql`INSERT INTO trending_scores (span, paper_id, score, star_delta, stars_total, upvotes, age_ms, as_of)
        SELECT ${window}, paper_id, score, star_delta, stars_total, upvotes, age_ms, CAST(${now} AS BIGINT)
        FROM (${scoresQuery(window, now, paperId)}) scored WHERE score > 0
        ON CONFLICT (span, paper_id) DO UPDATE SET score = excluded.score, star_delta = excluded.star_delta,
          stars_total = excluded.stars_total, upvotes = excluded.upvotes, age_ms = excluded.age_ms, as_of = excluded.as_of`);
      // ON CONFLICT: two votes updating one paper at once on PostgreSQL both delete the old row, and
      // the second insert would otherwise hit the first one's row (duplicate key).
    }
  });
}

export interface ListTrendingOptions {
  window: TrendingWindow;
  /** Rank as of this moment (computed on the fly); omitted: the stored current scores. */
  at?: number;
  limit: number;
  offset?: number;
  /** Only papers in this arXiv category (`cs.CL`). */
  category?: string;
  /** Papers kept between reads (store/paper-memo.ts). */
  kept?: PaperMemo;
}

function categoryFilter(alias: string, category: string | undefined): Sql {
  if (!category) return empty;
  // The alias is a constant of this file; the category is a bound parameter.
  return sql` AND EXISTS (SELECT 1 FROM paper_categories pc WHERE pc.paper_id = ${raw(`${alias}.paper_id`)} AND pc.category = ${category})`;
}

/** Trending papers, best first (ties by id), each with its score and the parts that explain it. */
export async function listTrending(db: Db, opts: ListTrendingOptions): Promise<TrendingRow[]> {
  const { window, limit } = opts;
  const offset = opts.offset ?? 0;
  const rows =
    opts.at === undefined
      ? await db.all<ScoreRow>(sql`SELECT t.paper_id, t.score, t.star_delta, t.stars_total, t.upvotes, t.age_ms
          FROM trending_scores t WHERE t.span = ${window}${categoryFilter('t', opts.category)}
          ORDER BY t.score DESC, t.paper_id LIMIT ${limit} OFFSET ${offset}`)
      : await db.all<ScoreRow>(sql`SELECT s.paper_id, s.score, s.star_delta, s.stars_total, s.upvotes, s.age_ms
          FROM (${scoresQuery(window, opts.at, null)}) s WHERE s.score > 0${categoryFilter('s', opts.category)}
          ORDER BY s.score DESC, s.paper_id LIMIT ${limit} OFFSET ${offset}`);
  return trendingRowsOf(db, window, rows, opts.kept);
}

/**
 * Every paper with activity in a window as of `at`, scored, best first (ties by id), those whose
 * score is 0 at the end (a paper page still explains them): listTrending's rows before paging, for
 * callers that keep the whole list to page through and count (trending/listing.ts).
 */
export async function listTrendingScores(db: Db, opts: { window: TrendingWindow; at: number }): Promise<TrendingScoreRow[]> {
  return db.all<ScoreRow>(sql`SELECT s.paper_id, s.score, s.star_delta, s.stars_total, s.upvotes, s.age_ms
    FROM (${scoresQuery(opts.window, opts.at, null)}) s ORDER BY s.score DESC, s.paper_id`);
}

/** Listing rows for score rows (as listTrendingScores gives them): their papers, read in one query, and each one's parts. */
export async function trendingRowsOf(db: Db, window: TrendingWindow, rows: readonly TrendingScoreRow[], kept?: PaperMemo): Promise<TrendingRow[]> {
  return trendingRowsWith(window, rows, await getPapersByIds(db, rows.map((r) => r.paper_id), { visibleOnly: true, kept }));
}

/** Score rows joined to their papers, in the rows' order; a row whose paper is not among `papers` (hidden, gone) is left out. */
export function trendingRowsWith(window: TrendingWindow, rows: readonly TrendingScoreRow[], papers: readonly Paper[]): TrendingRow[] {
  const byId = new Map(papers.map((p) => [p.id, p]));
  return rows.flatMap((r) => {
    const paper = byId.get(r.paper_id);
    return paper ? [{ paper, ...trendingPartsOf(window, r) }] : [];
  });
}

/** A score row's score and parts, as getPaperTrending gives them. */
export function trendingPartsOf(window: TrendingWindow, r: TrendingScoreRow): { score: number; parts: TrendingParts } {
  return { score: Number(r.score), parts: toParts(window, r) };
}

/** One paper's trending score in a window as of `at`, or null when it had no activity then. */
export async function getPaperTrending(db: Db, paperId: string, window: TrendingWindow, at: number): Promise<{ score: number; parts: TrendingParts } | null> {
  const r = await db.get<ScoreRow>(sql`SELECT paper_id, score, star_delta, stars_total, upvotes, age_ms FROM (${scoresQuery(window, at, paperId)}) s`);
  if (!r) return null;
  return { score: Number(r.score), parts: toParts(window, r) };
}

function toParts(window: TrendingWindow, r: ScoreRow): TrendingParts {
  return trendingScore({
    window,
    starDelta: r.star_delta === null ? null : Number(r.star_delta),
    starsTotal: r.stars_total === null ? null : Number(r.stars_total),
    upvotes: Number(r.upvotes),
    ageMs: Number(r.age_ms),
  }).parts;
}

/** How many papers listTrending would list in all (for pagers). */
export async function countTrending(db: Db, opts: { window: TrendingWindow; at?: number; category?: string }): Promise<number> {
  const row =
    opts.at === undefined
      ? await db.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM trending_scores t WHERE t.span = ${opts.window}${categoryFilter('t', opts.category)}`)
      : await db.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM (${scoresQuery(opts.window, opts.at, null)}) s
          WHERE s.score > 0${categoryFilter('s', opts.category)}`);
  return Number(row?.n ?? 0);
}

/** When each window was last recomputed in full. */
export async function listTrendingRuns(db: Db): Promise<{ span: TrendingWindow; as_of: number; computed_at: number; papers: number }[]> {
  return db.all(sql`SELECT span, as_of, computed_at, papers FROM trending_runs ORDER BY span`);
}

export async function countTrendingScores(db: Db, window: TrendingWindow): Promise<number> {
  return Number((await db.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM trending_scores WHERE span = ${window}`))?.n ?? 0);
}

/** Papers featured on Daily Papers between two YYYY-MM-DD days (inclusive), with their upvotes. */
export async function listFeaturedBetween(db: Db, fromDay: string, toDay: string): Promise<{ id: string; title: string; hf_upvotes: number }[]> {
  return db.all(sql`SELECT id, title, hf_upvotes FROM papers WHERE featured_on >= ${fromDay} AND featured_on <= ${toDay} ORDER BY id`);
}

/** The stored scores of one window (as last recomputed), for re-ranking other lists such as search results by trending. */
export async function listStoredTrendingScores(db: Db, window: TrendingWindow): Promise<Map<string, number>> {
  const rows = await db.all<{ paper_id: string; score: number }>(sql`SELECT paper_id, score FROM trending_scores WHERE span = ${window}`);
  return new Map(rows.map((r) => [r.paper_id, Number(r.score)]));
}
