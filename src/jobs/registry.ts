// Every job a worker knows: its name, what it runs, and for scheduled jobs how often. Add a line to add a job.
import type { Db } from '../db/db.ts';
import type { Config } from '../config.ts';
import type { GithubClient } from '../trending/github-client.ts';

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
  /** Scheduled jobs: how often (ms) under these settings, 0 when switched off. One-off jobs (enqueued by code) leave it out. */
  every?: (config: Config) => number;
  /** What `worker --status` and /admin/jobs call it. */
  title?: string;
  /**
   * False for jobs that change nothing a page shows (mail, fanning out other jobs): their runs do
   * not make every web process drop its cached pages. Left out, a run counts as changing anything.
   */
  changesPages?: false;
  run(ctx: JobContext, payload: unknown): Promise<string | void>;
}

const MINUTE = 60_000;

export const JOBS: Record<string, JobDefinition> = {
  // Today's and yesterday's Hugging Face Daily Papers, plus one older recent day per run, so
  // upvote and comment counts stay current while papers are recent.
  'hf-harvest': {
    title: 'Hugging Face Daily Papers',
    every: (c) => c.schedule.hfHarvestMs,
    run: async (ctx) => (await import('../ingest/scheduled-harvest.ts')).harvestHfRecent(ctx.db, ctx.config, ctx.now()),
  },
  // arXiv's new and changed papers of ARXIV_SETS since the last day harvested, over OAI-PMH.
  'arxiv-harvest': {
    title: 'arXiv (OAI-PMH)',
    every: (c) => c.schedule.arxivHarvestMs,
    run: async (ctx) => (await import('../ingest/scheduled-harvest.ts')).harvestArxivIncremental(ctx.db, ctx.config, ctx.now(), ctx.heartbeat),
  },
  // Fans out one star-refresh-batch per 100 repositories so all workers share the pass.
  'star-refresh': {
    title: 'GitHub stars, every repository',
    every: (c) => c.schedule.starRefreshMs,
    changesPages: false, // only enqueues the batches, which do
    run: async (ctx, payload) => {
      const { enqueueStarRefresh } = await import('../trending/star-refresh.ts');
      return `${await enqueueStarRefresh(ctx.db, ctx.now(), (payload as { batchSize?: number }).batchSize)} batches`;
    },
  },
  // The repositories of recent papers, often, so their sparklines have points to draw.
  'star-refresh-recent': {
    title: 'GitHub stars, recent papers',
    every: (c) => c.schedule.recentStarRefreshMs,
    changesPages: false, // only enqueues the batches, which do
    run: async (ctx) => {
      const { enqueueRecentStarRefresh } = await import('../trending/star-refresh.ts');
      const r = await enqueueRecentStarRefresh(ctx.db, ctx.now(), ctx.config.schedule.recentDays);
      // The budget as of this worker's last GitHub answer: how an operator sees the refresh fits.
      const left = ctx.github().rate.remaining;
      return `${r.repos} repositories in ${r.batches} batches${left !== null ? `; ${left} GitHub requests left this hour` : ''}`;
    },
  },
  'star-refresh-batch': {
    run: async (ctx, payload) => {
      const { refreshStarBatch } = await import('../trending/star-refresh.ts');
      const r = await refreshStarBatch(ctx.db, ctx.github(), payload as never, { now: ctx.now, heartbeat: ctx.heartbeat });
      return `${r.refreshed} refreshed, ${r.skipped} already done`;
    },
  },
  // From DIGEST_SEND_HOUR in DIGEST_TIME_ZONE: sends (or resumes) the day's digests from the outbox.
  'digest-send': {
    title: 'Email digests',
    every: () => 5 * MINUTE,
    changesPages: false,
    run: async (ctx) => (await import('../digest/run-due.ts')).runDueDigests(ctx.db, ctx.config, ctx.now(), 4 * MINUTE, ctx.log),
  },
  // Delivers queued confirmations and sign-in links: web processes send their own at once, this
  // catches what is left (retries due while no web process runs, a web process killed mid-send).
  'mail-send': {
    title: 'Confirmations and sign-in links left in the outbox',
    every: () => MINUTE,
    changesPages: false,
    run: async (ctx) => (await import('../mail/outbox-job.ts')).runMailOutbox(ctx.db, ctx.config, ctx.log),
  },
  // Links new papers to repositories, then recomputes the stored scores of every window.
  'trending-recompute': {
    title: 'Trending scores',
    every: (c) => c.schedule.trendingRecomputeMs,
    run: async (ctx) => (await import('../trending/recompute.ts')).recomputeAll(ctx.db, ctx.now()),
  },
  // Fetches (or generates) the figures and avatars pages show, so they are served from this site.
  figures: {
    title: 'Paper figures and avatars',
    every: () => 10 * MINUTE,
    run: async (ctx) => {
      const { makeFigures } = await import('../figures/make-figures.ts');
      const { pdfSourceFrom } = await import('../figures/arxiv-pdf.ts');
      const r = await makeFigures(ctx.db, { until: ctx.now() + 4 * MINUTE, now: ctx.now, heartbeat: ctx.heartbeat, log: ctx.log, pdf: pdfSourceFrom(ctx.config) });
      return `${r.fetched} fetched, ${r.rendered} from PDFs, ${r.generated} generated, ${r.failed} failed, ${r.avatars} avatars`;
    },
  },
};
