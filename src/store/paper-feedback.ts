// SQL for a member's negative signals: "not interested" and papers passed over in their feed.
import { sql, type Db } from '../db/db.ts';

export type FeedbackKind = 'not_interested' | 'passed';

/**
 * Records feedback. "Not interested" overrides "passed"; a later "passed" never weakens an
 * explicit "not interested".
 */
export async function insertFeedback(db: Db, userId: number, paperIds: readonly string[], kind: FeedbackKind, now = Date.now()): Promise<void> {
  if (paperIds.length === 0) return;
  await db.transaction(async (tx) => {
    for (const id of new Set(paperIds)) {
      await tx.run(sql`INSERT INTO paper_feedback (user_id, paper_id, kind, created_at)
        SELECT ${userId}, id, ${kind}, ${now} FROM papers WHERE id = ${id}
        ON CONFLICT (user_id, paper_id) DO UPDATE
          SET kind = CASE WHEN paper_feedback.kind = 'not_interested' THEN paper_feedback.kind ELSE excluded.kind END,
            created_at = excluded.created_at`);
    }
  });
}

export async function listFeedback(db: Db, userId: number): Promise<{ paperId: string; kind: FeedbackKind; createdAt: number }[]> {
  const rows = await db.all<{ paper_id: string; kind: FeedbackKind; created_at: number }>(
    sql`SELECT paper_id, kind, created_at FROM paper_feedback WHERE user_id = ${userId} ORDER BY created_at DESC, paper_id`,
  );
  return rows.map((r) => ({ paperId: r.paper_id, kind: r.kind, createdAt: Number(r.created_at) }));
}

export async function deleteUserFeedback(db: Db, userId: number): Promise<number> {
  return db.run(sql`DELETE FROM paper_feedback WHERE user_id = ${userId}`);
}
