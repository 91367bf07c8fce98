// `paperboy serve`: the web site, JSON API and feeds over HTTP, and (unless --no-jobs) the
// scheduled jobs in the same process, so one command is a whole, living service. With
// --processes N, N such processes share one port through Node's cluster module (a dead one is
// replaced). Requests, errors and jobs are logged as JSON lines (LOG_LEVEL) beside the human
// lifecycle lines; SIGTERM/SIGINT drain a process within SHUTDOWN_TIMEOUT_MS.
import cluster from 'node:cluster';
import { serve } from '@hono/node-server';
import type { CommandContext } from './context.ts';
import { openStore } from '../open-store.ts';
import { loadDemoIfEmpty } from '../ingest/demo.ts';
import { createApp } from '../web/app.ts';
import { createThreadedSearchService } from '../search/threaded-search.ts';
import { searchTitlesInStore } from '../search/store-fallback.ts';
import { createMailer } from '../mail/transport.ts';
import { createMailSender } from '../mail/outbox.ts';
import { openCacheInvalidation } from '../web/cache-invalidation.ts';
import { createMetrics } from '../web/metrics.ts';
import { createLogger } from '../logging.ts';
import { runWorker } from '../jobs/worker.ts';
import { parseCommandArgs, intOption } from './args.ts';

const HELP = `usage: paperboy serve [--port N] [--host H] [--no-jobs] [--processes N]

Serves the web site, JSON API and feeds. Unless --no-jobs (or SERVE_JOBS=0), the same process
also runs the job queue: scheduled harvests, star refreshes, trending recomputes and digests.
Use --no-jobs when separate \`paperboy worker\` processes run the jobs; they share one queue.
--processes N runs N web processes on one port (Node's cluster; PostgreSQL is the store for it).
Request, error and job logs are JSON lines on stdout (LOG_LEVEL); SIGTERM drains requests and
the job in flight within SHUTDOWN_TIMEOUT_MS, then exits.
`;

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseCommandArgs(
    args,
    {
      port: { type: 'string' },
      host: { type: 'string' },
      processes: { type: 'string' },
      'no-jobs': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    false,
  );
  if (values.help) {
    ctx.stdout.write(HELP);
    return 0;
  }
  const port = intOption(values.port, 'port', ctx.config.port, 0, 65535);
  const host = values.host ?? ctx.config.host;
  const processes = intOption(values.processes, 'processes', 1, 1, 64);
  if (processes > 1 && cluster.isPrimary) return runPrimary(ctx, processes, port, host);
  return runServer(ctx, port, host, ctx.config.schedule.jobsInServe && !values['no-jobs']);
}

/** One web process: store, search thread, mail sender, cache invalidation, HTTP server, jobs. */
async function runServer(ctx: CommandContext, port: number, host: string, withJobs: boolean): Promise<number> {
  const say = (line: string) => ctx.stdout.write(`${cluster.isWorker ? `[${process.pid}] ` : ''}${line}\n`);
  // Lines a log shipper can index (requests with their ids, errors, jobs); `say` keeps the few
  // lifecycle lines people and scripts read.
  const logger = createLogger(ctx.config.ops.logLevel, ctx.stdout);
  const db = await openStore(ctx.config);
  if (cluster.isPrimary) {
    const demo = await loadDemoIfEmpty(db, ctx.config);
    if (demo) say(`empty database: loaded the demo corpus from ${ctx.config.demoDir} (${demo.new} papers)`);
  }
  // The index is built in a worker thread: the server accepts connections at once, and searches
  // asked before it is ready are answered from the store.
  const search = createThreadedSearchService(ctx.config, { waitMs: ctx.config.search.waitMs, log: say, whileBuilding: (q) => searchTitlesInStore(db, q) });
  const mailer = ctx.config.mail.smtpUrl ? createMailer(ctx.config) : null;
  const mailSender = mailer ? createMailSender({ db, config: ctx.config, mailer, log: say }) : null;
  const cacheInvalidation = (await openCacheInvalidation(db, say)) ?? undefined;
  const metrics = createMetrics({ db, indexedPapers: () => search.stats().papers }, { processMetrics: true });
  let accepting = true;
  const app = createApp({
    db,
    config: ctx.config,
    search,
    forYou: search.forYou(),
    mailer,
    mailSender,
    cacheInvalidation,
    logger,
    metrics,
    searchReady: () => search.ready(),
    accepting: () => accepting,
  });
  // In a cluster, a process that replaces one that died takes no connections until its search
  // index is built, as a load balancer would route only to a ready process: the others serve
  // meanwhile. When none is ready (the cluster is starting), it listens at once.
  if (cluster.isWorker) {
    void search.whenReady().then(
      () => process.send?.({ paperboy: 'ready' } satisfies ClusterMessage),
      () => {},
    );
    if (await othersServing()) {
      say('other web processes are serving: listening once the search index is built');
      await search.whenReady().catch(() => {});
    }
  }
  const server = serve({ fetch: app.fetch, port, hostname: host }, (info) => {
    say(`paperboy listening on http://${host === '0.0.0.0' ? 'localhost' : host}:${info.port}`);
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
  if (!withJobs && cluster.isPrimary) say('jobs: not run here (--no-jobs); start `paperboy worker` processes');
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
  await mailSender?.stop();
  // The pooled SMTP connections would otherwise keep the process alive until their idle timeout.
  mailer?.close();
  await cacheInvalidation?.close();
  await search.close();
  await db.close();
  logger.info('stopped');
  // A job cut off by the timeout may still hold a timer; it must not keep the process alive
  // (an unref'd timer fires only if something else still does).
  if (timedOut) setTimeout(() => process.exit(0), 1000).unref();
  // A cluster worker's channel to the primary keeps it alive (and the primary waiting for its
  // exit, so `serve --processes N` never stopped on SIGTERM): let go of it once drained.
  if (cluster.isWorker) process.disconnect();
  return 0;
}

/** Between a cluster's web processes and their primary (Node's IPC channel). */
type ClusterMessage = { paperboy: 'starting' } | { paperboy: 'ready' } | { paperboy: 'others-serving'; serving: boolean };

const isClusterMessage = (m: unknown): m is ClusterMessage => typeof m === 'object' && m !== null && typeof (m as { paperboy?: unknown }).paperboy === 'string';

/** Asks the primary whether another web process is ready and serving (a web process's question). */
function othersServing(): Promise<boolean> {
  return new Promise((resolve) => {
    const onMessage = (m: unknown) => {
      if (!isClusterMessage(m) || m.paperboy !== 'others-serving') return;
      process.off('message', onMessage);
      resolve(m.serving);
    };
    process.on('message', onMessage);
    process.send?.({ paperboy: 'starting' } satisfies ClusterMessage);
  });
}

/**
 * The cluster's primary: migrates and loads the demo once, then keeps `n` web processes running.
 * It serves nothing itself; the operating system hands each connection to one of them.
 */
async function runPrimary(ctx: CommandContext, n: number, port: number, host: string): Promise<number> {
  const db = await openStore(ctx.config);
  try {
    const demo = await loadDemoIfEmpty(db, ctx.config);
    if (demo) ctx.stdout.write(`empty database: loaded the demo corpus from ${ctx.config.demoDir} (${demo.new} papers)\n`);
  } finally {
    await db.close();
  }
  if (ctx.config.databaseUrl.startsWith('sqlite:')) {
    ctx.stderr.write('note: several processes on one SQLite file take turns writing; PostgreSQL is the store for this\n');
  }
  if (!ctx.config.secretKey) {
    ctx.stderr.write('note: SECRET_KEY is not set: a form served by one process fails its CSRF check on another; set it\n');
  }
  let stopping = false;
  const started = new Map<number, number>();
  // Web processes whose search index is built: a new one waits for its own before listening if
  // any of these serves meanwhile (runServer).
  const ready = new Set<number>();
  cluster.on('message', (w, m: unknown) => {
    if (!isClusterMessage(m)) return;
    if (m.paperboy === 'starting') w.send({ paperboy: 'others-serving', serving: [...ready].some((id) => id !== w.id) } satisfies ClusterMessage);
    else if (m.paperboy === 'ready') {
      ready.add(w.id);
      ctx.stdout.write(`web process ${w.process.pid} ready\n`);
    }
  });
  const fork = () => {
    const w = cluster.fork({ PORT: String(port), HOST: host });
    started.set(w.id, Date.now());
  };
  cluster.on('exit', (w, code, signal) => {
    const lived = Date.now() - (started.get(w.id) ?? 0);
    started.delete(w.id);
    ready.delete(w.id);
    if (stopping) return;
    ctx.stderr.write(`web process ${w.process.pid} exited (${signal ?? code}); starting another\n`);
    // A process that dies at once would die again: wait a little instead of spinning.
    setTimeout(fork, lived < 5_000 ? 2_000 : 0);
  });
  for (let i = 0; i < n; i++) fork();
  ctx.stdout.write(`paperboy: ${n} web processes on http://${host === '0.0.0.0' ? 'localhost' : host}:${port} (primary ${process.pid})\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  stopping = true;
  const workers = Object.values(cluster.workers ?? {}).filter((w) => w !== undefined);
  await Promise.all(
    workers.map(
      (w) =>
        new Promise<void>((resolve) => {
          w.once('exit', () => resolve());
          w.process.kill('SIGTERM');
        }),
    ),
  );
  return 0;
}
