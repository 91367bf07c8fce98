// SQL for sign-in secrets: emailed login links, browser sessions and API tokens (all stored hashed).
import { sql, type Db } from '../db/db.ts';
import type { Role } from './users.ts';

export interface AuthenticatedUser {
  id: number;
  email: string;
  name: string;
  role: Role;
}

export async function insertLoginToken(db: Db, t: { hash: string; email: string; expiresAt: number }, now = Date.now()): Promise<void> {
  await db.run(sql`INSERT INTO login_tokens (token_hash, email, created_at, expires_at) VALUES (${t.hash}, ${t.email}, ${now}, ${t.expiresAt})`);
}

/**
 * Marks a login token used and returns its email, in one statement: of two concurrent uses of one
 * link only one gets the row back. Expired or used tokens return null.
 */
export async function consumeLoginToken(db: Db, hash: string, now = Date.now()): Promise<string | null> {
  const row = await db.get<{ email: string }>(sql`UPDATE login_tokens SET used_at = ${now}
    WHERE token_hash = ${hash} AND used_at IS NULL AND expires_at > ${now}
    RETURNING email`);
  return row?.email ?? null;
}

/** Whether a login token could still be used (for the confirm page; consuming is separate). */
export async function isLoginTokenUsable(db: Db, hash: string, now = Date.now()): Promise<boolean> {
  return (await db.get(sql`SELECT 1 AS x FROM login_tokens WHERE token_hash = ${hash} AND used_at IS NULL AND expires_at > ${now}`)) !== undefined;
}

/** Old login tokens serve no purpose: drop those expired a day ago. */
export async function deleteExpiredLoginTokens(db: Db, now = Date.now()): Promise<number> {
  return db.run(sql`DELETE FROM login_tokens WHERE expires_at < ${now - 86_400_000}`);
}

export async function insertSession(db: Db, s: { hash: string; userId: number; expiresAt: number }, now = Date.now()): Promise<void> {
  await db.run(sql`INSERT INTO sessions (id_hash, user_id, created_at, expires_at) VALUES (${s.hash}, ${s.userId}, ${now}, ${s.expiresAt})`);
}

/** Expired sessions are dead weight: dropped whenever someone signs in. */
export async function deleteExpiredSessions(db: Db, now = Date.now()): Promise<number> {
  return db.run(sql`DELETE FROM sessions WHERE expires_at < ${now}`);
}

export async function deleteSession(db: Db, hash: string): Promise<void> {
  await db.run(sql`DELETE FROM sessions WHERE id_hash = ${hash}`);
}

export async function deleteUserSessions(db: Db, userId: number): Promise<void> {
  await db.run(sql`DELETE FROM sessions WHERE user_id = ${userId}`);
}

/** The member of a live session, and until when it lives; banned members have none. */
export async function getSession(db: Db, hash: string, now = Date.now()): Promise<{ user: AuthenticatedUser; expiresAt: number } | null> {
  const row = await db.get<AuthenticatedUser & { expires_at: number }>(sql`SELECT u.id, u.email, u.name, u.role, s.expires_at
    FROM sessions s JOIN users u ON u.id = s.user_id
    WHERE s.id_hash = ${hash} AND s.expires_at > ${now} AND u.banned_at IS NULL`);
  if (!row) return null;
  const { expires_at, ...user } = row;
  return { user: { ...user, id: Number(user.id) }, expiresAt: Number(expires_at) };
}

export async function insertApiToken(db: Db, t: { hash: string; userId: number; name: string }, now = Date.now()): Promise<number> {
  const row = await db.get<{ id: number }>(sql`INSERT INTO api_tokens (token_hash, user_id, name, created_at)
    VALUES (${t.hash}, ${t.userId}, ${t.name}, ${now}) RETURNING id`);
  return Number(row!.id);
}

/** The member an API token belongs to, recording when it was last used. */
export async function useApiToken(db: Db, hash: string, now = Date.now()): Promise<AuthenticatedUser | null> {
  const row = await db.get<AuthenticatedUser>(sql`UPDATE api_tokens SET last_used_at = ${now}
    WHERE token_hash = ${hash} AND user_id IN (SELECT id FROM users WHERE banned_at IS NULL)
    RETURNING user_id AS id, (SELECT email FROM users WHERE id = user_id) AS email,
      (SELECT name FROM users WHERE id = user_id) AS name, (SELECT role FROM users WHERE id = user_id) AS role`);
  return row ? { ...row, id: Number(row.id) } : null;
}

export interface ApiTokenInfo {
  id: number;
  name: string;
  createdAt: number;
  lastUsedAt: number | null;
}

export async function listApiTokens(db: Db, userId: number): Promise<ApiTokenInfo[]> {
  const rows = await db.all<{ id: number; name: string; created_at: number; last_used_at: number | null }>(
    sql`SELECT id, name, created_at, last_used_at FROM api_tokens WHERE user_id = ${userId} ORDER BY id`,
  );
  return rows.map((r) => ({ id: Number(r.id), name: r.name, createdAt: r.created_at, lastUsedAt: r.last_used_at }));
}

export async function deleteApiToken(db: Db, userId: number, id: number): Promise<boolean> {
  return (await db.run(sql`DELETE FROM api_tokens WHERE id = ${id} AND user_id = ${userId}`)) > 0;
}
