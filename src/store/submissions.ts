// SQL for member submissions to Daily Papers: one per paper, featured on the day it was submitted.
import { sql, type Db } from '../db/db.ts';

/**
 * Features a paper on `day` for a member, atomically: the paper row is claimed with
 * `WHERE featured_on IS NULL`, so of two simultaneous submissions exactly one wins (on PostgreSQL
 * the second waits on the row lock, then finds it featured). Returns false when it already was.
 */
export async function insertSubmission(db: Db, s: { paperId: string; userId: number; userName: string; day: string }, now = Date.now()): Promise<boolean> {
  return db.transaction(async (tx) => {
    const claimed = await tx.run(sql`UPDATE papers SET featured_on = ${s.day}, submitted_by = ${s.userName}, modified_at = ${now}
      WHERE id = ${s.paperId} AND featured_on IS NULL`);
    if (claimed === 0) return false;
    await tx.run(sql`INSERT INTO submissions (paper_id, user_id, day, created_at) VALUES (${s.paperId}, ${s.userId}, ${s.day}, ${now})
      ON CONFLICT (paper_id) DO NOTHING`);
    return true;
  });
}

export async function countSubmissionsOnDay(db: Db, userId: number, day: string): Promise<number> {
  const row = await db.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM submissions WHERE user_id = ${userId} AND day = ${day}`);
  return Number(row?.n ?? 0);
}

export async function countSubmissionsOfPaper(db: Db, paperId: string): Promise<number> {
  const row = await db.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM submissions WHERE paper_id = ${paperId}`);
  return Number(row?.n ?? 0);
}
