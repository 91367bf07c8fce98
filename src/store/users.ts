// SQL for members: accounts, roles and bans.
import { sql, join, type Db } from '../db/db.ts';

export type Role = 'member' | 'curator' | 'admin';

export interface User {
  id: number;
  email: string;
  name: string;
  role: Role;
  bannedAt: number | null;
  createdAt: number;
}

interface UserRow {
  id: number;
  email: string;
  name: string;
  role: Role;
  banned_at: number | null;
  created_at: number;
}

const toUser = (r: UserRow): User => ({
  id: Number(r.id),
  email: r.email,
  name: r.name,
  role: r.role,
  bannedAt: r.banned_at,
  createdAt: r.created_at,
});

export async function getUserByEmail(db: Db, email: string): Promise<User | null> {
  const row = await db.get<UserRow>(sql`SELECT id, email, name, role, banned_at, created_at FROM users WHERE email = ${email.toLowerCase()}`);
  return row ? toUser(row) : null;
}

export async function getUserByName(db: Db, name: string): Promise<User | null> {
  const row = await db.get<UserRow>(sql`SELECT id, email, name, role, banned_at, created_at FROM users WHERE name = ${name}`);
  return row ? toUser(row) : null;
}

/** Inserts a member unless the email or name is taken; null when it was (the caller picks another name). */
export async function insertUser(db: Db, u: { email: string; name: string; role: Role }, now = Date.now()): Promise<User | null> {
  const row = await db.get<UserRow>(sql`INSERT INTO users (email, name, role, created_at)
    VALUES (${u.email.toLowerCase()}, ${u.name}, ${u.role}, ${now})
    ON CONFLICT DO NOTHING
    RETURNING id, email, name, role, banned_at, created_at`);
  return row ? toUser(row) : null;
}

export async function setUserRole(db: Db, id: number, role: Role): Promise<void> {
  await db.run(sql`UPDATE users SET role = ${role} WHERE id = ${id}`);
}

/** Bans (or, with null, unbans) a member; their sessions and API tokens stop working at once. */
export async function setUserBanned(db: Db, id: number, bannedAt: number | null): Promise<void> {
  await db.run(sql`UPDATE users SET banned_at = ${bannedAt} WHERE id = ${id}`);
}

/** Changes a member's public handle; false when another member has it. */
export async function renameUser(db: Db, id: number, name: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    if (await tx.get(sql`SELECT 1 AS x FROM users WHERE name = ${name} AND id <> ${id}`)) return false;
    await tx.run(sql`UPDATE users SET name = ${name} WHERE id = ${id}`);
    return true;
  });
}

/** Members by (lowercased) email, for the addresses given: digest subscribers who are also members. */
export async function listUserIdsByEmails(db: Db, emails: readonly string[]): Promise<Map<string, number>> {
  if (emails.length === 0) return new Map();
  const rows = await db.all<{ id: number; email: string }>(
    sql`SELECT id, email FROM users WHERE banned_at IS NULL AND email IN (${join(emails.map((e) => e.toLowerCase()))})`,
  );
  return new Map(rows.map((r) => [r.email, Number(r.id)]));
}
