// SQL for moderation records and authorship claims: the audit log and the claim queue.
import { sql, type Db } from '../db/db.ts';

export interface AuditEntry {
  id: number;
  actorName: string | null;
  action: string;
  target: string;
  reason: string | null;
  at: number;
}

export async function insertAuditEntry(db: Db, e: { actorId: number | null; action: string; target: string; reason?: string | null }, now = Date.now()): Promise<void> {
  await db.run(sql`INSERT INTO audit_log (actor_id, action, target, reason, at) VALUES (${e.actorId}, ${e.action}, ${e.target}, ${e.reason ?? null}, ${now})`);
}

/** The audit log, newest first, paged by id. */
export async function listAuditEntries(db: Db, limit = 100, beforeId = Number.MAX_SAFE_INTEGER): Promise<AuditEntry[]> {
  const rows = await db.all<{ id: number; actor_name: string | null; action: string; target: string; reason: string | null; at: number }>(
    sql`SELECT a.id, u.name AS actor_name, a.action, a.target, a.reason, a.at FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
      WHERE a.id < ${beforeId} ORDER BY a.id DESC LIMIT ${limit}`,
  );
  return rows.map((r) => ({ id: Number(r.id), actorName: r.actor_name, action: r.action, target: r.target, reason: r.reason, at: r.at }));
}

export type ClaimStatus = 'pending' | 'approved';

/** Files a claim; a second claim of the same paper by the same member changes nothing. */
export async function insertAuthorshipClaim(db: Db, paperId: string, userId: number, now = Date.now()): Promise<boolean> {
  return (await db.run(sql`INSERT INTO authorship_claims (paper_id, user_id, created_at) VALUES (${paperId}, ${userId}, ${now}) ON CONFLICT DO NOTHING`)) > 0;
}

export async function approveAuthorshipClaim(db: Db, paperId: string, userId: number, adminId: number, now = Date.now()): Promise<boolean> {
  return (await db.run(sql`UPDATE authorship_claims SET status = 'approved', decided_at = ${now}, decided_by = ${adminId}
    WHERE paper_id = ${paperId} AND user_id = ${userId} AND status = 'pending'`)) > 0;
}

export async function getClaimStatus(db: Db, paperId: string, userId: number): Promise<ClaimStatus | null> {
  const row = await db.get<{ status: ClaimStatus }>(sql`SELECT status FROM authorship_claims WHERE paper_id = ${paperId} AND user_id = ${userId}`);
  return row?.status ?? null;
}

export interface PendingClaim {
  paperId: string;
  title: string;
  userId: number;
  userName: string;
  createdAt: number;
}

export async function listPendingClaims(db: Db, limit = 100): Promise<PendingClaim[]> {
  const rows = await db.all<{ paper_id: string; title: string; user_id: number; name: string; created_at: number }>(
    sql`SELECT a.paper_id, p.title, a.user_id, u.name, a.created_at FROM authorship_claims a
      JOIN papers p ON p.id = a.paper_id JOIN users u ON u.id = a.user_id
      WHERE a.status = 'pending' ORDER BY a.created_at, a.paper_id LIMIT ${limit}`,
  );
  return rows.map((r) => ({ paperId: r.paper_id, title: r.title, userId: Number(r.user_id), userName: r.name, createdAt: r.created_at }));
}
