// SQL for what the personal feed learns from: a member's upvotes and saves, and a stamp that changes when any signal does.
import { sql, join, type Db } from '../db/db.ts';

/** The member's upvoted papers, newest first. */
export async function listUserVotes(db: Db, userId: number, limit = 2000): Promise<{ paperId: string; createdAt: number }[]> {
  const rows = await db.all<{ paper_id: string; created_at: number }>(
    sql`SELECT paper_id, created_at FROM votes WHERE user_id = ${userId} ORDER BY created_at DESC LIMIT ${limit}`,
  );
  return rows.map((r) => ({ paperId: r.paper_id, createdAt: Number(r.created_at) }));
}

/**
 * Changes whenever the member votes, saves, unsaves, follows or gives feedback, or a collection
 * they follow changes: counts and latest times of each table. Every process compares it with the stamp its cached model was trained at,
 * so an action taken through another web process is seen on the next request (one indexed query).
 */
export async function getSignalStamp(db: Db, userId: number): Promise<string> {
  const row = await db.get<Record<string, number | null>>(sql`SELECT
      (SELECT COUNT(*) FROM votes WHERE user_id = ${userId}) AS v,
      (SELECT MAX(created_at) FROM votes WHERE user_id = ${userId}) AS vt,
      (SELECT COUNT(*) FROM collection_papers cp JOIN collections c ON c.id = cp.collection_id WHERE c.user_id = ${userId}) AS s,
      (SELECT MAX(updated_at) FROM collections WHERE user_id = ${userId}) AS st,
      (SELECT COUNT(*) FROM follows WHERE user_id = ${userId}) AS f,
      (SELECT MAX(created_at) FROM follows WHERE user_id = ${userId}) AS ft,
      (SELECT COUNT(*) FROM paper_feedback WHERE user_id = ${userId}) AS n,
      (SELECT MAX(created_at) FROM paper_feedback WHERE user_id = ${userId}) AS nt,
      (SELECT MAX(c.updated_at) FROM follows f JOIN collections c ON f.target = CAST(c.id AS TEXT)
        WHERE f.user_id = ${userId} AND f.kind = 'collection') AS ct`);
  return ['v', 'vt', 's', 'st', 'f', 'ft', 'n', 'nt', 'ct'].map((k) => String(row?.[k] ?? 0)).join(':');
}

/**
 * Papers published since `from` with any of these authors (names as written on papers, compared
 * without case). The JSON author list is matched with LIKE on the quoted name, on the recent rows
 * the published_at index selects; the caller checks each hit's authors exactly.
 */
export async function listRecentPapersByAuthors(db: Db, names: readonly string[], from: number, limit = 500): Promise<{ id: string; authors: string[] }[]> {
  if (names.length === 0) return [];
  const likes = names.map((n) => {
    const pattern = `%${JSON.stringify(n.toLowerCase()).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    return sql`LOWER(authors) LIKE ${pattern} ESCAPE '\\'`;
  });
  const rows = await db.all<{ id: string; authors: string }>(sql`SELECT id, authors FROM papers
    WHERE published_at >= ${from} AND hidden_at IS NULL AND (${join(likes, ' OR ')})
    ORDER BY published_at DESC LIMIT ${limit}`);
  return rows.map((r) => ({ id: r.id, authors: JSON.parse(r.authors) as string[] }));
}
