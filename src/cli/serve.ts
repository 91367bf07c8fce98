// `paperboy serve [--processes N]`: the web site, JSON API and feeds over HTTP; with --processes,
// N processes share one port through Node's cluster module (a dead one is replaced).
import cluster from 'node:cluster';
import { serve } from '@hono/node-server';
import type { CommandContext } from '../main.ts';
import { openStore } from '../open-store.ts';
import { loadDemoIfEmpty } from '../ingest/demo.ts';
import { createApp } from '../web/app.ts';
import { createThreadedSearchService } from '../search/threaded-search.ts';
import { createMailer } from '../mail/transport.ts';
import { createMailSender } from '../mail/outbox.ts';
import { openCacheInvalidation } from '../web/cache-invalidation.ts';
import { parseCommandArgs, intOption } from './args.ts';

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseCommandArgs(args, { port: { type: 'string' }, host: { type: 'string' }, processes: { type: 'string' } }, false);
  const port = intOption(values.port, 'port', ctx.config.port, 0, 65535);
  const host = values.host ?? ctx.config.host;
  const processes = intOption(values.processes, 'processes', 1, 1, 64);
  if (processes > 1 && cluster.isPrimary) return runPrimary(ctx, processes, port, host);
  return runServer(ctx, port, host);
}

/** One web process: store, search thread, mail sender, cache invalidation, HTTP server. */
async function runServer(ctx: CommandContext, port: number, host: string): Promise<number> {
  const say = (line: string) => ctx.stdout.write(`${cluster.isWorker ? `[${process.pid}] ` : ''}${line}\n`);
  const db = await openStore(ctx.config);
  if (cluster.isPrimary) {
    const demo = await loadDemoIfEmpty(db, ctx.config);
    if (demo) say(`empty database: loaded the demo corpus from ${ctx.config.demoDir} (${demo.new} papers)`);
  }
  // The index is built in a worker thread: the server accepts connections at once.
  const search = createThreadedSearchService(ctx.config, { waitMs: ctx.config.search.waitMs, log: say });
  const mailer = ctx.config.mail.smtpUrl ? createMailer(ctx.config) : null;
  const mailSender = mailer ? createMailSender({ db, config: ctx.config, mailer, log: say }) : null;
  const cacheInvalidation = (await openCacheInvalidation(db, say)) ?? undefined;
  const app = createApp({ db, config: ctx.config, search, mailer, mailSender, cacheInvalidation });
  const server = serve({ fetch: app.fetch, port, hostname: host }, (info) => {
    say(`paperboy listening on http://${host === '0.0.0.0' ? 'localhost' : host}:${info.port}`);
  });
  await new Promise<void>((resolve) => {
    const stop = () => server.close(() => resolve());
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await mailSender?.stop();
  mailer?.close();
  await cacheInvalidation?.close();
  await search.close();
  await db.close();
  return 0;
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
  const fork = () => {
    const w = cluster.fork({ PORT: String(port), HOST: host });
    started.set(w.id, Date.now());
  };
  cluster.on('exit', (w, code, signal) => {
    const lived = Date.now() - (started.get(w.id) ?? 0);
    started.delete(w.id);
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
