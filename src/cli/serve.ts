// `paperboy serve`: the web site, JSON API and feeds over HTTP, and (unless --no-jobs) the
// scheduled jobs in the same process, so one command is a whole, living service. SIGTERM/SIGINT
// drain it within SHUTDOWN_TIMEOUT_MS.
import { serve } from '@hono/node-server';
import type { CommandContext } from '../main.ts';
import { openStore } from '../open-store.ts';
import { loadDemoIfEmpty } from '../ingest/demo.ts';
import { createApp } from '../web/app.ts';
import { createMetrics } from '../web/metrics.ts';
import { createMailer } from '../mail/transport.ts';
import { createLogger } from '../logging.ts';
import { openSearchService } from '../search/open-search.ts';
import { runWorker } from '../jobs/worker.ts';
import { parseCommandArgs, intOption } from './args.ts';

const HELP = `usage: paperboy serve [--port N] [--host H] [--no-jobs]

Serves the web site, JSON API and feeds. Unless --no-jobs (or SERVE_JOBS=0), the same process
also runs the job queue: scheduled harvests, star refreshes, trending recomputes and digests.
Use --no-jobs when separate \`paperboy worker\` processes run the jobs; they share one queue.
Logs are JSON lines on stdout (LOG_LEVEL); SIGTERM drains requests and jobs, then exits.
`;

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseCommandArgs(
    args,
    { port: { type: 'string' }, host: { type: 'string' }, 'no-jobs': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    false,
  );
  if (values.help) {
    ctx.stdout.write(HELP);
    return 0;
  }
  const port = intOption(values.port, 'port', ctx.config.port, 0, 65535);
  const host = values.host ?? ctx.config.host;
  const withJobs = ctx.config.schedule.jobsInServe && !values['no-jobs'];
  // A long-running process: JSON lines a log shipper can index, not the commands' prose.
  const logger = createLogger(ctx.config.ops.logLevel, ctx.stdout);
  const db = await openStore(ctx.config);
  const demo = await loadDemoIfEmpty(db, ctx.config);
  if (demo) logger.info({ dir: ctx.config.demoDir, papers: demo.new }, 'empty database: loaded the demo corpus');
  const search = await openSearchService(db, ctx.config);
  const mailer = ctx.config.mail.smtpUrl ? createMailer(ctx.config) : null;
  const metrics = createMetrics({ db, indexedPapers: () => search.stats().papers }, { processMetrics: true });
  let searchReady = false;
  let accepting = true;
  const app = createApp({ db, config: ctx.config, search, mailer, logger, metrics, searchReady: () => searchReady, accepting: () => accepting });
  // Build the search index in the background; the first search waits for it if it is not done.
  search.refresh().then(
    () => {
      searchReady = true;
      logger.info({ papers: search.stats().papers }, 'search index ready');
    },
    (err) => logger.error({ err }, 'search index failed to build'),
  );
  const server = serve({ fetch: app.fetch, port, hostname: host }, (info) => {
    const url = `http://${host === '0.0.0.0' ? 'localhost' : host}:${info.port}`;
    logger.info({ url, port: info.port }, `paperboy listening on ${url}`);
  });
  const stopJobs = new AbortController();
  const jobLog = logger.child({ component: 'jobs' });
  const jobs = withJobs
    ? runWorker({
        db,
        config: ctx.config,
        leaseMs: ctx.config.worker.leaseMs,
        pollMs: ctx.config.worker.pollMs,
        signal: stopJobs.signal,
        log: (line) => jobLog.info(line),
        onJobDone: (name, outcome, seconds) => metrics.observeJob(name, outcome, seconds),
      }).catch((err) => jobLog.error({ err }, 'job runner stopped'))
    : Promise.resolve();
  if (!withJobs) logger.info('jobs: not run here (--no-jobs); start `paperboy worker` processes');

  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  // Draining: /readyz says so at once, no new connections or jobs are taken, requests and the job
  // in flight finish; whatever is still open after SHUTDOWN_TIMEOUT_MS is cut. A job cut short
  // loses its lease and runs again in the next process, which every job is written to allow.
  accepting = false;
  stopJobs.abort();
  const timeoutMs = ctx.config.ops.shutdownTimeoutMs;
  logger.info({ signal, timeoutMs }, 'shutting down: draining requests');
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  const conns = server as unknown as { closeIdleConnections?: () => void; closeAllConnections?: () => void };
  // A keep-alive connection turns idle once its last request is answered: close it then, rather
  // than after the keep-alive timeout.
  conns.closeIdleConnections?.();
  const sweep = setInterval(() => conns.closeIdleConnections?.(), 50);
  let timedOut = false;
  const deadline = new Promise<void>((resolve) =>
    setTimeout(() => {
      timedOut = true;
      resolve();
    }, timeoutMs).unref(),
  );
  await Promise.race([Promise.all([closed, jobs]), deadline]);
  clearInterval(sweep);
  if (timedOut) {
    logger.warn({ timeoutMs }, 'requests or a job still running after the shutdown timeout: closing their connections');
    conns.closeAllConnections?.();
    await closed;
  }
  // The pooled SMTP connections would otherwise keep the process alive until their idle timeout.
  mailer?.close();
  await db.close();
  logger.info('stopped');
  // A job cut off by the timeout may still hold a timer; it must not keep the process alive
  // (an unref'd timer fires only if something else still does).
  if (timedOut) setTimeout(() => process.exit(0), 1000).unref();
  return 0;
}
