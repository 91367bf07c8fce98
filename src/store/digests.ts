// SQL for digest runs and their outbox: one run per (period, due day), one row per (run, subscriber).
import { sql, join, type Db } from '../db/db.ts';
import type { DigestPeriod } from '../model.ts';

export interface DigestRun {
  id: number;
  period: DigestPeriod;
  dueOn: string;
  windowFrom: string;
  windowTo: string;
  state: 'filling' | 'sending' | 'done';
  createdAt: number;
  finishedAt: number | null;
}

interface RunRow {
  id: number;
  period: DigestPeriod;
  due_on: string;
  window_from: string;
  window_to: string;
  state: DigestRun['state'];
  created_at: number;
  finished_at: number | null;
}

const toRun = (r: RunRow): DigestRun => ({
  id: Number(r.id),
  period: r.period,
  dueOn: r.due_on,
  windowFrom: r.window_from,
  windowTo: r.window_to,
  state: r.state,
  createdAt: Number(r.created_at),
  finishedAt: r.finished_at === null ? null : Number(r.finished_at),
});

/** The run for (period, due day), created if missing: a rerun of the same day gets the same run. */
export async function ensureDigestRun(
  db: Db,
  r: { period: DigestPeriod; dueOn: string; windowFrom: string; windowTo: string },
  now: number,
): Promise<DigestRun> {
  await db.run(sql`
    INSERT INTO digest_runs (period, due_on, window_from, window_to, state, created_at)
    VALUES (${r.period}, ${r.dueOn}, ${r.windowFrom}, ${r.windowTo}, 'filling', ${now})
    ON CONFLICT (period, due_on) DO NOTHING`);
  return (await getDigestRun(db, r.period, r.dueOn))!;
}

export async function getDigestRun(db: Db, period: DigestPeriod, dueOn: string): Promise<DigestRun | null> {
  const row = await db.get<RunRow>(sql`SELECT * FROM digest_runs WHERE period = ${period} AND due_on = ${dueOn}`);
  return row ? toRun(row) : null;
}

export async function setDigestRunState(db: Db, runId: number, state: DigestRun['state'], now: number): Promise<void> {
  await db.run(sql`
    UPDATE digest_runs SET state = ${state}, finished_at = ${state === 'done' ? now : null} WHERE id = ${runId}`);
}

/**
 * The next confirmed, unsuppressed subscribers of a period after `afterId` (the fill cursor).
 * Weekly subscribers belong to the run of their chosen weekday only.
 */
export async function listSubscriberIdsForRun(
  db: Db,
  period: DigestPeriod,
  weekday: number,
  afterId: number,
  limit: number,
): Promise<number[]> {
  const rows = await db.all<{ id: number }>(sql`
    SELECT s.id FROM subscribers s
    WHERE s.state = 'confirmed' AND s.frequency = ${period} AND s.id > ${afterId}
      AND (s.frequency = 'daily' OR s.weekday = ${weekday})
      AND NOT EXISTS (SELECT 1 FROM mail_suppressions m WHERE m.email = s.email)
    ORDER BY s.id
    LIMIT ${limit}`);
  return rows.map((r) => Number(r.id));
}

/** Queues subscribers for a run; already queued ones are left as they are (UNIQUE (run_id, subscriber_id)). */
export async function insertOutboxRows(db: Db, runId: number, subscriberIds: readonly number[]): Promise<number> {
  if (subscriberIds.length === 0) return 0;
  return db.run(sql`
    INSERT INTO digest_outbox (run_id, subscriber_id) VALUES ${join(subscriberIds.map((id) => sql`(${runId}, ${id})`))}
    ON CONFLICT (run_id, subscriber_id) DO NOTHING`);
}

export interface ClaimedRow {
  id: number;
  subscriberId: number;
  attempts: number;
}

/**
 * Leases up to `limit` due rows after the subscriber-id cursor to `owner`. The lease condition is
 * repeated outside the sub-select so that, on PostgreSQL, a sender that waited for a concurrent
 * claim re-checks the row it waited for and skips it instead of claiming it twice.
 */
export async function claimOutboxRows(
  db: Db,
  runId: number,
  owner: string,
  afterSubscriberId: number,
  limit: number,
  now: number,
  leaseMs: number,
): Promise<ClaimedRow[]> {
  const rows = await db.all<{ id: number; subscriber_id: number; attempts: number }>(sql`
    UPDATE digest_outbox SET lease_owner = ${owner}, lease_until = ${now + leaseMs}
    WHERE id IN (
      SELECT id FROM digest_outbox
      WHERE run_id = ${runId} AND state = 'pending' AND subscriber_id > ${afterSubscriberId}
        AND next_attempt_at <= ${now} AND (lease_until IS NULL OR lease_until < ${now})
      ORDER BY subscriber_id
      LIMIT ${limit})
      AND state = 'pending' AND (lease_until IS NULL OR lease_until < ${now})
    RETURNING id, subscriber_id, attempts`);
  return rows.map((r) => ({ id: Number(r.id), subscriberId: Number(r.subscriber_id), attempts: Number(r.attempts) })).sort((a, b) => a.subscriberId - b.subscriberId);
}

/** Records the SMTP server's acceptance. Call inside the transaction that also records the papers sent. */
export async function markOutboxSent(db: Db, id: number, messageId: string, paperCount: number, now: number): Promise<boolean> {
  const changed = await db.run(sql`
    UPDATE digest_outbox SET state = 'sent', message_id = ${messageId}, paper_count = ${paperCount}, sent_at = ${now},
      lease_owner = NULL, lease_until = NULL, last_error = NULL, smtp_code = NULL
    WHERE id = ${id} AND state = 'pending'`);
  return changed > 0;
}

export async function insertSentPapers(db: Db, subscriberId: number, paperIds: readonly string[], runId: number, now: number): Promise<void> {
  if (paperIds.length === 0) return;
  await db.run(sql`
    INSERT INTO digest_sent_papers (subscriber_id, paper_id, run_id, sent_at)
    VALUES ${join(paperIds.map((p) => sql`(${subscriberId}, ${p}, ${runId}, ${now})`))}
    ON CONFLICT (subscriber_id, paper_id) DO NOTHING`);
}

/** A temporary failure: back to pending, unleased, not before `nextAttemptAt`. */
export async function markOutboxRetry(db: Db, id: number, error: string, smtpCode: number | null, nextAttemptAt: number): Promise<void> {
  await db.run(sql`
    UPDATE digest_outbox SET attempts = attempts + 1, next_attempt_at = ${nextAttemptAt}, last_error = ${error.slice(0, 500)},
      smtp_code = ${smtpCode}, lease_owner = NULL, lease_until = NULL
    WHERE id = ${id} AND state = 'pending'`);
}

/** A final state without a send: failed (gave up), suppressed, empty (nothing new), skipped (no longer subscribed). */
export async function markOutboxFinal(
  db: Db,
  ids: readonly number[],
  state: 'failed' | 'suppressed' | 'empty' | 'skipped',
  error: string | null,
  smtpCode: number | null,
): Promise<void> {
  if (ids.length === 0) return;
  await db.run(sql`
    UPDATE digest_outbox SET state = ${state}, last_error = ${error?.slice(0, 500) ?? null}, smtp_code = ${smtpCode},
      lease_owner = NULL, lease_until = NULL, attempts = attempts + ${state === 'failed' ? 1 : 0}
    WHERE id IN (${join(ids)}) AND state = 'pending'`);
}

/** Gives leased rows back untouched (the sender stops early, e.g. the SMTP server is unreachable). */
export async function releaseOutboxRows(db: Db, ids: readonly number[], owner: string, notBefore: number): Promise<void> {
  if (ids.length === 0) return;
  await db.run(sql`
    UPDATE digest_outbox SET lease_owner = NULL, lease_until = NULL, next_attempt_at = ${notBefore}
    WHERE id IN (${join(ids)}) AND lease_owner = ${owner} AND state = 'pending'`);
}

/** Pending rows left and the earliest time one of them can be claimed (its back-off or a dead sender's lease). */
export async function getOutboxPendingSummary(db: Db, runId: number): Promise<{ pending: number; nextAt: number | null }> {
  const row = await db.get<{ pending: number; next_at: number | null }>(sql`
    SELECT COUNT(*) AS pending,
      MIN(CASE WHEN lease_until IS NOT NULL AND lease_until > next_attempt_at THEN lease_until ELSE next_attempt_at END) AS next_at
    FROM digest_outbox WHERE run_id = ${runId} AND state = 'pending'`);
  return { pending: Number(row?.pending ?? 0), nextAt: row?.next_at === null || row?.next_at === undefined ? null : Number(row.next_at) };
}

export async function countOutboxByState(db: Db, runId: number): Promise<Record<string, number>> {
  const rows = await db.all<{ state: string; n: number }>(sql`
    SELECT state, COUNT(*) AS n FROM digest_outbox WHERE run_id = ${runId} GROUP BY state`);
  return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
}

/** Which of `paperIds` each of the subscribers was already mailed. */
export async function listSentPaperIds(
  db: Db,
  subscriberIds: readonly number[],
  paperIds: readonly string[],
): Promise<{ subscriberId: number; paperId: string }[]> {
  if (subscriberIds.length === 0 || paperIds.length === 0) return [];
  const rows = await db.all<{ subscriber_id: number; paper_id: string }>(sql`
    SELECT subscriber_id, paper_id FROM digest_sent_papers
    WHERE subscriber_id IN (${join(subscriberIds)}) AND paper_id IN (${join(paperIds)})`);
  return rows.map((r) => ({ subscriberId: Number(r.subscriber_id), paperId: r.paper_id }));
}

export interface RunSummary extends DigestRun {
  counts: Record<string, number>;
}

export async function listRecentDigestRuns(db: Db, limit: number): Promise<RunSummary[]> {
  const runs = (await db.all<RunRow>(sql`SELECT * FROM digest_runs ORDER BY due_on DESC, id DESC LIMIT ${limit}`)).map(toRun);
  if (runs.length === 0) return [];
  const counts = await db.all<{ run_id: number; state: string; n: number }>(sql`
    SELECT run_id, state, COUNT(*) AS n FROM digest_outbox WHERE run_id IN (${join(runs.map((r) => r.id))}) GROUP BY run_id, state`);
  return runs.map((r) => ({
    ...r,
    counts: Object.fromEntries(counts.filter((c) => Number(c.run_id) === r.id).map((c) => [c.state, Number(c.n)])),
  }));
}

export interface OutboxProblem {
  runId: number;
  dueOn: string;
  period: string;
  email: string;
  state: string;
  attempts: number;
  smtpCode: number | null;
  lastError: string | null;
  nextAttemptAt: number;
}

/** Rows that failed for good or are waiting to retry after an error, newest runs first. */
export async function listOutboxProblems(db: Db, limit: number): Promise<OutboxProblem[]> {
  const rows = await db.all<Record<string, unknown>>(sql`
    SELECT o.run_id, r.due_on, r.period, s.email, o.state, o.attempts, o.smtp_code, o.last_error, o.next_attempt_at
    FROM digest_outbox o JOIN digest_runs r ON r.id = o.run_id JOIN subscribers s ON s.id = o.subscriber_id
    WHERE o.state IN ('failed', 'suppressed') OR (o.state = 'pending' AND o.last_error IS NOT NULL)
    ORDER BY o.run_id DESC, o.id LIMIT ${limit}`);
  return rows.map((r) => ({
    runId: Number(r.run_id),
    dueOn: String(r.due_on),
    period: String(r.period),
    email: String(r.email),
    state: String(r.state),
    attempts: Number(r.attempts),
    smtpCode: r.smtp_code === null ? null : Number(r.smtp_code),
    lastError: (r.last_error as string | null) ?? null,
    nextAttemptAt: Number(r.next_attempt_at),
  }));
}

/** Digest messages waiting to be sent (the outbox's depth). */
export async function countPendingDigestMessages(db: Db): Promise<number> {
  const row = await db.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM digest_outbox WHERE state = 'pending'`);
  return Number(row?.n ?? 0);
}
