// SQL for the transactional-mail outbox: enqueue, claim due rows under a lease, record outcomes.
import { sql, join, type Db } from '../db/db.ts';

export type MailKind = 'confirm-subscription' | 'already-subscribed' | 'sign-in';
export type MailState = 'pending' | 'sent' | 'failed' | 'suppressed' | 'expired';

export interface NewOutboxMail {
  kind: MailKind;
  to: string;
  subject: string;
  text: string;
  html?: string | null;
  expiresAt: number;
}

export interface ClaimedMail {
  id: number;
  kind: MailKind;
  to: string;
  subject: string;
  text: string;
  html: string | null;
  messageId: string;
  attempts: number;
  expiresAt: number;
}

/** Queues one message; call it inside the transaction that stores the token the mail carries. */
export async function insertOutboxMail(db: Db, m: NewOutboxMail, messageId: string, now: number): Promise<void> {
  await db.run(sql`
    INSERT INTO mail_outbox (kind, recipient, subject, text_body, html_body, message_id, next_attempt_at, expires_at, created_at)
    VALUES (${m.kind}, ${m.to}, ${m.subject}, ${m.text}, ${m.html ?? null}, ${messageId}, ${now}, ${m.expiresAt}, ${now})`);
}

/**
 * Leases up to `limit` due rows to `owner`. The lease condition is repeated outside the
 * sub-select so that on PostgreSQL a sender that waited on a concurrent claim skips the row
 * instead of taking it twice; SKIP LOCKED lets concurrent senders take different rows.
 */
export async function claimOutboxMail(db: Db, owner: string, limit: number, now: number, leaseMs: number): Promise<ClaimedMail[]> {
  const lock = db.dialect === 'postgres' ? sql` FOR UPDATE SKIP LOCKED` : sql``;
  const rows = await db.all<Record<string, unknown>>(sql`
    UPDATE mail_outbox SET lease_owner = ${owner}, lease_until = ${now + leaseMs}
    WHERE id IN (
      SELECT id FROM mail_outbox
      WHERE state = 'pending' AND next_attempt_at <= ${now} AND (lease_until IS NULL OR lease_until < ${now})
      ORDER BY next_attempt_at, id
      LIMIT ${limit}${lock})
      AND state = 'pending' AND (lease_until IS NULL OR lease_until < ${now})
    RETURNING id, kind, recipient, subject, text_body, html_body, message_id, attempts, expires_at`);
  return rows
    .map((r) => ({
      id: Number(r.id),
      kind: r.kind as MailKind,
      to: String(r.recipient),
      subject: String(r.subject),
      text: String(r.text_body ?? ''),
      html: (r.html_body as string | null) ?? null,
      messageId: String(r.message_id),
      attempts: Number(r.attempts),
      expiresAt: Number(r.expires_at),
    }))
    .sort((a, b) => a.id - b.id);
}

/** The SMTP server took it. Only the lease holder records it; the bodies (live links) are dropped. */
export async function markOutboxMailSent(db: Db, id: number, owner: string, now: number): Promise<boolean> {
  const changed = await db.run(sql`
    UPDATE mail_outbox SET state = 'sent', sent_at = ${now}, text_body = NULL, html_body = NULL,
      lease_owner = NULL, lease_until = NULL, last_error = NULL, smtp_code = NULL
    WHERE id = ${id} AND state = 'pending' AND lease_owner = ${owner}`);
  return changed > 0;
}

/** A temporary failure (4xx, refused connection): pending again, not before `nextAttemptAt`. */
export async function markOutboxMailRetry(db: Db, id: number, owner: string, error: string, smtpCode: number | null, nextAttemptAt: number): Promise<void> {
  await db.run(sql`
    UPDATE mail_outbox SET attempts = attempts + 1, next_attempt_at = ${nextAttemptAt}, last_error = ${error.slice(0, 500)},
      smtp_code = ${smtpCode}, lease_owner = NULL, lease_until = NULL
    WHERE id = ${id} AND state = 'pending' AND lease_owner = ${owner}`);
}

/** A final state without delivery; the bodies are dropped. `countsAttempt`: an SMTP try was made. */
export async function markOutboxMailFinal(
  db: Db,
  id: number,
  owner: string,
  state: 'failed' | 'suppressed' | 'expired',
  error: string | null,
  smtpCode: number | null,
  countsAttempt: boolean,
): Promise<void> {
  await db.run(sql`
    UPDATE mail_outbox SET state = ${state}, last_error = ${error?.slice(0, 500) ?? null}, smtp_code = ${smtpCode},
      text_body = NULL, html_body = NULL, lease_owner = NULL, lease_until = NULL, attempts = attempts + ${countsAttempt ? 1 : 0}
    WHERE id = ${id} AND state = 'pending' AND lease_owner = ${owner}`);
}

/** Gives leased rows back untouched (the sender pauses: the SMTP server is unreachable). */
export async function releaseOutboxMail(db: Db, ids: readonly number[], owner: string, notBefore: number): Promise<void> {
  if (ids.length === 0) return;
  await db.run(sql`
    UPDATE mail_outbox SET lease_owner = NULL, lease_until = NULL, next_attempt_at = ${notBefore}
    WHERE id IN (${join(ids)}) AND lease_owner = ${owner} AND state = 'pending'`);
}

/** When a pending row next becomes claimable (its back-off or a dead sender's lease), or null. */
export async function getOutboxMailNextAt(db: Db): Promise<number | null> {
  const row = await db.get<{ next_at: number | null }>(sql`
    SELECT MIN(CASE WHEN lease_until IS NOT NULL AND lease_until > next_attempt_at THEN lease_until ELSE next_attempt_at END) AS next_at
    FROM mail_outbox WHERE state = 'pending'`);
  return row?.next_at === null || row?.next_at === undefined ? null : Number(row.next_at);
}

/** Rows by state (the admin page, the soak test). */
export async function countOutboxMailByState(db: Db): Promise<Record<string, number>> {
  const rows = await db.all<{ state: string; n: number }>(sql`SELECT state, COUNT(*) AS n FROM mail_outbox GROUP BY state`);
  return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
}

export interface OutboxMailProblem {
  id: number;
  kind: string;
  to: string;
  state: string;
  attempts: number;
  smtpCode: number | null;
  lastError: string | null;
  nextAttemptAt: number;
  createdAt: number;
}

/** Messages that failed, were suppressed or expired, or wait to retry after an error; newest first. */
export async function listOutboxMailProblems(db: Db, limit: number): Promise<OutboxMailProblem[]> {
  const rows = await db.all<Record<string, unknown>>(sql`
    SELECT id, kind, recipient, state, attempts, smtp_code, last_error, next_attempt_at, created_at FROM mail_outbox
    WHERE state IN ('failed', 'suppressed', 'expired') OR (state = 'pending' AND last_error IS NOT NULL)
    ORDER BY id DESC LIMIT ${limit}`);
  return rows.map((r) => ({
    id: Number(r.id),
    kind: String(r.kind),
    to: String(r.recipient),
    state: String(r.state),
    attempts: Number(r.attempts),
    smtpCode: r.smtp_code === null ? null : Number(r.smtp_code),
    lastError: (r.last_error as string | null) ?? null,
    nextAttemptAt: Number(r.next_attempt_at),
    createdAt: Number(r.created_at),
  }));
}

/** Forgets delivered and finished rows older than `before` (the outbox is not an archive). */
export async function deleteOldOutboxMail(db: Db, before: number): Promise<number> {
  return db.run(sql`DELETE FROM mail_outbox WHERE state <> 'pending' AND created_at < ${before}`);
}
