// SQL for the durable job queue: enqueue, claim with a lease, renew, finish, retry.
import { sql, bulk, raw, type Db } from '../db/db.ts';

const JOB_COLUMNS = 'id, name, payload, unique_key, run_at, locked_by, locked_until, attempts, every_ms, last_error, done_at, last_started_at, last_finished_at, last_ok_at, last_result, failures';

export interface JobRow {
  id: number;
  name: string;
  payload: string;
  unique_key: string | null;
  run_at: number;
  locked_by: string | null;
  locked_until: number | null;
  attempts: number;
  every_ms: number | null;
  last_error: string | null;
  done_at: number | null;
  last_started_at: number | null;
  last_finished_at: number | null;
  last_ok_at: number | null;
  last_result: string | null;
  /** Runs in a row that failed (0 after a success). */
  failures: number;
}

export interface NewJob {
  name: string;
  payload?: unknown;
  /** At most one unfinished-or-finished job per key: enqueueing it again does nothing. */
  uniqueKey?: string | null;
  runAt?: number;
  /** Recurring: after each run the job is re-armed this many ms later. */
  everyMs?: number | null;
}

/** Adds jobs; those whose unique key exists already are skipped. Returns how many were added. */
export async function enqueueJobs(db: Db, jobs: readonly NewJob[], now = Date.now()): Promise<number> {
  let added = 0;
  for (let i = 0; i < jobs.length; i += 500) {
    const part = jobs.slice(i, i + 500);
    added += await db.run(sql`INSERT INTO jobs (name, payload, unique_key, run_at, every_ms, created_at)
      VALUES ${bulk(part.map((j) => [j.name, JSON.stringify(j.payload ?? {}), j.uniqueKey ?? null, j.runAt ?? now, j.everyMs ?? null, now]))}
      ON CONFLICT (unique_key) DO NOTHING`);
  }
  return added;
}

/**
 * Claims the next due job for `worker` until `now + leaseMs`: due means not done, run_at passed,
 * and not locked or its lease expired (its worker died). On PostgreSQL, FOR UPDATE SKIP LOCKED
 * lets concurrent workers each take a different row without waiting on one another; SQLite has
 * one writer at a time, so the single UPDATE is already atomic.
 */
export async function claimJob(db: Db, worker: string, leaseMs: number, now = Date.now()): Promise<JobRow | null> {
  const lock = db.dialect === 'postgres' ? sql` FOR UPDATE SKIP LOCKED` : sql``;
  const row = await db.get<JobRow>(sql`UPDATE jobs SET locked_by = ${worker}, locked_until = ${now + leaseMs}, attempts = attempts + 1,
      last_started_at = ${now}
    WHERE id = (SELECT id FROM jobs
                WHERE done_at IS NULL AND run_at <= ${now} AND (locked_until IS NULL OR locked_until < ${now})
                ORDER BY run_at, id LIMIT 1${lock})
      AND (locked_until IS NULL OR locked_until < ${now})
    RETURNING ${raw(JOB_COLUMNS)}`);
  return row ? normalize(row) : null;
}

const numOrNull = (v: unknown) => (v === null || v === undefined ? null : Number(v));

function normalize(row: JobRow): JobRow {
  return {
    ...row,
    id: Number(row.id),
    every_ms: numOrNull(row.every_ms),
    run_at: Number(row.run_at),
    locked_until: numOrNull(row.locked_until),
    done_at: numOrNull(row.done_at),
    last_started_at: numOrNull(row.last_started_at),
    last_finished_at: numOrNull(row.last_finished_at),
    last_ok_at: numOrNull(row.last_ok_at),
    failures: Number(row.failures ?? 0),
  };
}

/** Extends a lease the worker still holds; false when it lost the job (its lease expired and another took it). */
export async function renewJobLease(db: Db, id: number, worker: string, until: number): Promise<boolean> {
  return (await db.run(sql`UPDATE jobs SET locked_until = ${until} WHERE id = ${id} AND locked_by = ${worker} AND done_at IS NULL`)) === 1;
}

/**
 * Marks a one-off job done, or re-arms a recurring one `every_ms` after `now`. Only the worker
 * holding the lease may: false means it lost the job to another worker after its lease expired.
 */
export async function finishJob(db: Db, id: number, worker: string, now: number, result: string | null = null): Promise<boolean> {
  const changed = await db.run(sql`UPDATE jobs SET
      done_at = CASE WHEN every_ms IS NULL THEN CAST(${now} AS BIGINT) ELSE NULL END,
      run_at = CASE WHEN every_ms IS NULL THEN run_at ELSE CAST(${now} AS BIGINT) + every_ms END,
      attempts = CASE WHEN every_ms IS NULL THEN attempts ELSE 0 END,
      locked_by = NULL, locked_until = NULL, last_error = NULL,
      last_finished_at = ${now}, last_ok_at = ${now}, last_result = ${result === null ? null : result.slice(0, 2000)}, failures = 0
    WHERE id = ${id} AND locked_by = ${worker}`);
  return changed === 1;
}

/** Releases a failed job to run again at `runAt`, keeping the error for `paperboy worker --status`. */
export async function retryJob(db: Db, id: number, worker: string, runAt: number, error: string, now = Date.now()): Promise<void> {
  await db.run(sql`UPDATE jobs SET run_at = ${runAt}, locked_by = NULL, locked_until = NULL, last_error = ${error.slice(0, 2000)},
      last_finished_at = ${now}, failures = failures + 1
    WHERE id = ${id} AND locked_by = ${worker}`);
}

/** Gives up on a job after too many attempts: done, with its last error kept. */
export async function failJob(db: Db, id: number, worker: string, now: number, error: string): Promise<void> {
  await db.run(sql`UPDATE jobs SET done_at = ${now}, locked_by = NULL, locked_until = NULL, last_error = ${error.slice(0, 2000)},
      last_finished_at = ${now}, failures = failures + 1
    WHERE id = ${id} AND locked_by = ${worker}`);
}

/** One-off jobs not yet done whose time has come (locked or not): what `--exit-when-idle` waits for. */
export async function countPendingOneOffJobs(db: Db, now = Date.now()): Promise<number> {
  const row = await db.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM jobs WHERE done_at IS NULL AND every_ms IS NULL AND run_at <= ${now}`);
  return Number(row?.n ?? 0);
}

export async function listJobs(db: Db, limit = 50): Promise<JobRow[]> {
  const rows = await db.all<JobRow>(sql`SELECT ${raw(JOB_COLUMNS)}
    FROM jobs ORDER BY done_at IS NOT NULL, run_at, id LIMIT ${limit}`);
  return rows.map(normalize);
}

/** The recurring jobs (one row each), by name: what `worker --status` and /admin/jobs show first. */
export async function listRecurringJobs(db: Db): Promise<JobRow[]> {
  const rows = await db.all<JobRow>(sql`SELECT ${raw(JOB_COLUMNS)} FROM jobs WHERE every_ms IS NOT NULL ORDER BY name`);
  return rows.map(normalize);
}

/** One-off jobs that gave up (done with an error), newest first. */
export async function listFailedJobs(db: Db, limit = 20): Promise<JobRow[]> {
  const rows = await db.all<JobRow>(sql`SELECT ${raw(JOB_COLUMNS)} FROM jobs
    WHERE every_ms IS NULL AND done_at IS NOT NULL AND last_error IS NOT NULL ORDER BY done_at DESC LIMIT ${limit}`);
  return rows.map(normalize);
}

/**
 * Puts each recurring job in the queue once (unique key = name), or updates its interval when the
 * settings changed; a job whose interval is 0 (switched off) leaves the queue unless it is running.
 * Every process that schedules (serve with jobs, each worker) calls this at start: idempotent.
 */
export async function scheduleRecurringJobs(db: Db, jobs: readonly { name: string; everyMs: number }[], now = Date.now()): Promise<void> {
  for (const j of jobs) {
    if (j.everyMs > 0) {
      await db.run(sql`INSERT INTO jobs (name, payload, unique_key, run_at, every_ms, created_at)
        VALUES (${j.name}, '{}', ${j.name}, ${now}, ${j.everyMs}, ${now})
        ON CONFLICT (unique_key) DO UPDATE SET every_ms = excluded.every_ms, done_at = NULL`);
    } else {
      await db.run(sql`DELETE FROM jobs WHERE unique_key = ${j.name} AND every_ms IS NOT NULL AND locked_by IS NULL`);
    }
  }
}
