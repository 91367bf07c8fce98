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
  const [comments, stars] = await Promise.all([
    db.all<{ paper_id: string; n: number }>(sql`SELECT paper_id, COUNT(*) AS n FROM comments
      WHERE paper_id IN (${join(ids)}) AND deleted_at IS NULL AND hidden_at IS NULL GROUP BY paper_id`),
    db.all<{ paper_id: string; star_delta: number; stars_total: number | null }>(sql`SELECT paper_id, star_delta, stars_total FROM trending_scores
      WHERE span = 'week' AND paper_id IN (${join(ids)}) AND stars_total IS NOT NULL`),
  ]);
  for (const r of comments) facts.comments.set(r.paper_id, Number(r.n));
  for (const r of stars) facts.stars.set(r.paper_id, { delta: Number(r.star_delta), total: Number(r.stars_total) });
  return facts;
}
