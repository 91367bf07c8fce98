// Every job a worker knows: its name, what it runs, and for scheduled jobs how often. Add a line to add a job.
import type { Db } from '../db/db.ts';
import type { Config } from '../config.ts';
import type { GithubClient } from '../rank/github-client.ts';

export interface JobContext {
  db: Db;
  config: Config;
  /** The GitHub client of this worker (one per process, so it keeps the rate-limit state). */
  github(): GithubClient;
  now(): number;
  /** Renews this job's lease; call it during long work. Throws when the job was lost to another worker. */
  heartbeat(): Promise<void>;
  log(message: string): void;
}

export interface JobDefinition {
  /** Scheduled jobs run this often (ms); one-off jobs (enqueued by code) leave it out. */
  every?: number;
  run(ctx: JobContext, payload: unknown): Promise<string | void>;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export const JOBS: Record<string, JobDefinition> = {
  // Fans out one star-refresh-batch per 100 repositories so all workers share the pass.
  'star-refresh': {
    every: 6 * HOUR,
    run: async (ctx, payload) => {
      const { enqueueStarRefresh } = await import('../rank/star-refresh.ts');
      return `${await enqueueStarRefresh(ctx.db, ctx.now(), (payload as { batchSize?: number }).batchSize)} batches`;
    },
  },
  'star-refresh-batch': {
    run: async (ctx, payload) => {
      const { refreshStarBatch } = await import('../rank/star-refresh.ts');
      const r = await refreshStarBatch(ctx.db, ctx.github(), payload as never, { now: ctx.now, heartbeat: ctx.heartbeat });
      return `${r.refreshed} refreshed, ${r.skipped} already done`;
    },
  },
  // From DIGEST_SEND_HOUR in DIGEST_TIME_ZONE: sends (or resumes) the day's digests from the outbox.
  'digest-send': {
    every: 5 * MINUTE,
    run: async (ctx) => (await import('../digest/run-due.ts')).runDueDigests(ctx.db, ctx.config, ctx.now(), 4 * MINUTE, ctx.log),
  },
  // Links new papers to repositories, then recomputes the stored scores of every window.
  'trending-recompute': { every: 15 * MINUTE, run: async (ctx) => (await import('../rank/recompute.ts')).recomputeAll(ctx.db, ctx.now()) },
  // Fetches (or generates) the figures and avatars pages show, so they are served from this site.
  figures: {
    every: 10 * MINUTE,
    run: async (ctx) => {
      const { makeFigures } = await import('../figures/make-figures.ts');
      const r = await makeFigures(ctx.db, { until: ctx.now() + 4 * MINUTE, now: ctx.now, heartbeat: ctx.heartbeat, log: ctx.log });
      return `${r.fetched} fetched, ${r.generated} generated, ${r.failed} failed, ${r.avatars} avatars`;
    },
  },
};
