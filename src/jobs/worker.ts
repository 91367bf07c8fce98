// The worker loop: schedule recurring jobs, claim one due job at a time, run it under a renewed lease.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Db } from '../db/db.ts';
import type { Config } from '../config.ts';
import { claimJob, countPendingOneOffJobs, failJob, finishJob, renewJobLease, retryJob, scheduleRecurringJobs, type JobRow } from '../store/jobs.ts';
import { GithubClient, RateLimitError } from '../trending/github-client.ts';
import { JOBS, type JobContext, type JobDefinition } from './registry.ts';
import { CACHE_CHANNEL, notifyChannel } from '../store/notifications.ts';

export interface WorkerOptions {
  db: Db;
  config: Config;
  jobs?: Record<string, JobDefinition>;
  /** Lease length; renewed every third of it while a job runs. */
  leaseMs?: number;
  /** Sleep between polls when nothing is due. */
  pollMs?: number;
  /** Put the scheduled jobs in the queue (off in tests that enqueue their own). */
  schedule?: boolean;
  /** Stop when no one-off job is due or running anywhere (tests, cron-style runs). */
  exitWhenIdle?: boolean;
  maxAttempts?: number;
  log?: (line: string) => void;
  /** Told about each finished run (serve counts them in /metrics). */
  onJobDone?: (name: string, outcome: 'ok' | 'failed', seconds: number) => void;
  signal?: AbortSignal;
}

export class LeaseLostError extends Error {}

/** Waits `ms`, or less when `signal` aborts; leaves no listener behind (a worker polls for hours). */
const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });

/** ±10%, so processes that failed together do not retry in lockstep. */
const jitter = (ms: number) => Math.round(ms * (0.9 + Math.random() * 0.2));

/** Runs jobs until `signal` aborts (or, with exitWhenIdle, until nothing is left). Returns jobs run. */
export async function runWorker(opts: WorkerOptions): Promise<number> {
  const { db, config } = opts;
  const jobs = opts.jobs ?? JOBS;
  const leaseMs = opts.leaseMs ?? 60_000;
  const pollMs = opts.pollMs ?? 1000;
  const maxAttempts = opts.maxAttempts ?? 5;
  const retryBaseMs = config.worker.retryBaseMs;
  const log = opts.log ?? (() => {});
  const id = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  let github: GithubClient | null = null;
  const githubClient = () => (github ??= new GithubClient({ apiUrl: config.github.apiUrl, token: config.github.token }));

  if (opts.schedule !== false) {
    const scheduled = Object.entries(jobs).filter(([, d]) => d.every);
    await scheduleRecurringJobs(db, scheduled.map(([name, d]) => ({ name, everyMs: d.every!(config) })));
  }
  log(`worker ${id} started`);
  let ran = 0;
  while (!opts.signal?.aborted) {
    let job: JobRow | null;
    try {
      job = await claimJob(db, id, leaseMs);
    } catch (err) {
      // The database went away for a moment (restart, terminated connection): keep polling.
      log(`worker ${id}: cannot claim a job: ${(err as Error).message}`);
      await sleep(pollMs, opts.signal);
      continue;
    }
    if (!job) {
      if (opts.exitWhenIdle && (await countPendingOneOffJobs(db)) === 0) break;
      await sleep(pollMs, opts.signal);
      continue;
    }
    try {
      await runOne(job);
    } catch (err) {
      // Recording the outcome failed (the database went away): the lease runs out and the job runs again.
      log(`job ${job.id} ${job.name}: could not record its outcome: ${(err as Error).message}`);
    }
    ran++;
  }
  log(`worker ${id} stopped after ${ran} jobs`);
  return ran;

  async function runOne(job: JobRow): Promise<void> {
    const def = jobs[job.name];
    const started = Date.now();
    let lost = false;
    const renew = async () => {
      if (!(await renewJobLease(db, job.id, id, Date.now() + leaseMs))) {
        lost = true;
        throw new LeaseLostError(`lost job ${job.id} (${job.name}) to another worker`);
      }
    };
    // Renew in the background too, for jobs that do one long step without calling heartbeat().
    const timer = setInterval(() => void renew().catch(() => {}), Math.max(50, leaseMs / 3));
    const ctx: JobContext = { db, config, github: githubClient, now: Date.now, heartbeat: renew, log };
    try {
      if (!def) throw new Error(`no job named ${job.name} in src/jobs/registry.ts`);
      const summary = await def.run(ctx, JSON.parse(job.payload));
      clearInterval(timer);
      // Jobs change what pages show (scores, stars, links): web processes drop their cached pages.
      // Not after those that change nothing shown (the mail outbox runs every minute).
      if (def.changesPages !== false) await notifyChannel(db, CACHE_CHANNEL, job.name).catch(() => {});
      if (await finishJob(db, job.id, id, Date.now(), summary || null)) log(`job ${job.id} ${job.name} done in ${Date.now() - started} ms${summary ? `: ${summary}` : ''}`);
      opts.onJobDone?.(job.name, 'ok', (Date.now() - started) / 1000);
    } catch (err) {
      clearInterval(timer);
      if (lost || err instanceof LeaseLostError) return log(`job ${job.id} ${job.name}: lease lost, left to the other worker`);
      const message = (err as Error).message ?? String(err);
      if (err instanceof RateLimitError) {
        // Not the job's fault: run it again once the budget refills instead of backing off.
        await retryJob(db, job.id, id, err.resetAt, message);
      } else if (job.every_ms !== null) {
        // A scheduled job (a harvest whose source is down) is never given up: it backs off,
        // doubling from WORKER_RETRY_BASE_MS up to its own interval, and shows as failing meanwhile.
        const delay = Math.min(Math.max(job.every_ms, retryBaseMs), retryBaseMs * 2 ** job.failures);
        await retryJob(db, job.id, id, Date.now() + jitter(delay), message);
      } else if (job.attempts >= maxAttempts) {
        await failJob(db, job.id, id, Date.now(), message);
      } else {
        await retryJob(db, job.id, id, Date.now() + Math.min(3_600_000, 1000 * 4 ** job.attempts), message);
      }
      log(`job ${job.id} ${job.name} failed (attempt ${job.attempts}): ${message}`);
      opts.onJobDone?.(job.name, 'failed', (Date.now() - started) / 1000);
    }
  }
}
