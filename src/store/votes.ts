// SQL for upvotes: one row per (member, paper), mirrored in papers.community_upvotes in the same transaction.
import { sql, join, type Db } from '../db/db.ts';

export interface VoteResult {
  /** Whether this call changed anything (false: the vote was already in that state). */
  changed: boolean;
  /** Community votes on the paper after the change (add hf_upvotes for the displayed count). */
  communityUpvotes: number;
}

/**
 * Sets or clears a member's vote. The vote row and the counter change in one transaction, and the
 * counter moves only when the row did, so retries and races never count a vote twice: on
 * PostgreSQL a concurrent insert of the same pair waits on the unique key and then does nothing.
 */
export async function setVote(
  db: Db,
  userId: number,
  paperId: string,
  on: boolean,
  now = Date.now(),
  /** Runs in the same transaction when the vote changed, for counts kept elsewhere. */
  onChange?: (tx: Db, delta: 1 | -1) => Promise<void>,
): Promise<VoteResult> {
  return db.transaction(async (tx) => {
    const changed = on
      ? await tx.run(sql`INSERT INTO votes (user_id, paper_id, created_at) VALUES (${userId}, ${paperId}, ${now}) ON CONFLICT DO NOTHING`)
      : await tx.run(sql`DELETE FROM votes WHERE user_id = ${userId} AND paper_id = ${paperId}`);
    const delta = changed > 0 ? (on ? 1 : -1) : 0;
    const row = await tx.get<{ n: number }>(sql`UPDATE papers SET community_upvotes = community_upvotes + ${delta}
      WHERE id = ${paperId} RETURNING community_upvotes AS n`);
    if (delta !== 0 && onChange) await onChange(tx, delta);
    return { changed: changed > 0, communityUpvotes: Number(row?.n ?? 0) };
  });
}

export async function hasVoted(db: Db, userId: number, paperId: string): Promise<boolean> {
  return (await db.get(sql`SELECT 1 AS x FROM votes WHERE user_id = ${userId} AND paper_id = ${paperId}`)) !== undefined;
}

/** Of these papers, the ones the member upvoted (for rendering many rows at once). */
export async function listVotedPaperIds(db: Db, userId: number, paperIds: readonly string[]): Promise<Set<string>> {
  if (paperIds.length === 0) return new Set();
  const rows = await db.all<{ paper_id: string }>(
    sql`SELECT paper_id FROM votes WHERE user_id = ${userId} AND paper_id IN (${join([...paperIds])})`,
  );
  return new Set(rows.map((r) => r.paper_id));
}

/** Rows in the votes table for a paper: the truth the counter mirrors (tests and repair). */
export async function countVotes(db: Db, paperId: string): Promise<number> {
  const row = await db.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM votes WHERE paper_id = ${paperId}`);
  return Number(row?.n ?? 0);
}
