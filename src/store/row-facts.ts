// SQL for the small facts a listing row shows beside the paper itself: this site's comment count
// and the stars its code gained this week (from the stored trending scores).
import { sql, join, type Db } from '../db/db.ts';

export interface RowFacts {
  /** Visible comments on this site, by paper id (absent: none). */
  comments: Map<string, number>;
  /** Stars gained in the last week and the total, by paper id, for papers with code and a stored score. */
  stars: Map<string, { delta: number; total: number }>;
}

export async function loadRowFacts(db: Db, ids: string[]): Promise<RowFacts> {
  const facts: RowFacts = { comments: new Map(), stars: new Map() };
  if (ids.length === 0) return facts;
  // One statement for both (on PostgreSQL each is a round trip): 'c' rows count comments, 's' rows carry stars.
  const rows = await db.all<{ k: string; paper_id: string; a: number | string; b: number | string | null }>(sql`
    SELECT 'c' AS k, paper_id, COUNT(*) AS a, CAST(NULL AS BIGINT) AS b FROM comments
      WHERE paper_id IN (${join(ids)}) AND deleted_at IS NULL AND hidden_at IS NULL GROUP BY paper_id
    UNION ALL
    SELECT 's' AS k, paper_id, CAST(star_delta AS BIGINT) AS a, CAST(stars_total AS BIGINT) AS b FROM trending_scores
      WHERE span = 'week' AND paper_id IN (${join(ids)}) AND stars_total IS NOT NULL`);
  for (const r of rows) {
    if (r.k === 'c') facts.comments.set(r.paper_id, Number(r.a));
    else facts.stars.set(r.paper_id, { delta: Number(r.a), total: Number(r.b) });
  }
  return facts;
}
