// SQL for follows: the authors, categories, keyword searches and public collections a member follows.
import { sql, type Db } from '../db/db.ts';

export type FollowKind = 'author' | 'category' | 'keyword' | 'collection';
export const FOLLOW_KINDS: readonly FollowKind[] = ['author', 'category', 'keyword', 'collection'];

export interface Follow {
  kind: FollowKind;
  target: string;
  createdAt: number;
}

/** true when it is new (following twice is not an error). */
export async function insertFollow(db: Db, userId: number, kind: FollowKind, target: string, now = Date.now()): Promise<boolean> {
  return (await db.run(sql`INSERT INTO follows (user_id, kind, target, created_at) VALUES (${userId}, ${kind}, ${target}, ${now}) ON CONFLICT DO NOTHING`)) > 0;
}

export async function deleteFollow(db: Db, userId: number, kind: FollowKind, target: string): Promise<boolean> {
  return (await db.run(sql`DELETE FROM follows WHERE user_id = ${userId} AND kind = ${kind} AND target = ${target}`)) > 0;
}

export async function listFollows(db: Db, userId: number): Promise<Follow[]> {
  const rows = await db.all<{ kind: FollowKind; target: string; created_at: number }>(
    sql`SELECT kind, target, created_at FROM follows WHERE user_id = ${userId} ORDER BY kind, created_at, target`,
  );
  return rows.map((r) => ({ kind: r.kind, target: r.target, createdAt: Number(r.created_at) }));
}

export async function isFollowing(db: Db, userId: number, kind: FollowKind, target: string): Promise<boolean> {
  return (await db.get(sql`SELECT 1 AS x FROM follows WHERE user_id = ${userId} AND kind = ${kind} AND target = ${target}`)) !== undefined;
}

/** How many members follow something (shown on public collections). */
export async function countFollowers(db: Db, kind: FollowKind, target: string): Promise<number> {
  const row = await db.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM follows WHERE kind = ${kind} AND target = ${target}`);
  return Number(row?.n ?? 0);
}

export async function deleteUserFollows(db: Db, userId: number): Promise<number> {
  return db.run(sql`DELETE FROM follows WHERE user_id = ${userId}`);
}
