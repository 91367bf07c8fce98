// `paperboy serve`: the web site, JSON API and feeds over HTTP, until SIGTERM/SIGINT drains it.
import { serve } from '@hono/node-server';
import type { CommandContext } from '../main.ts';
import { openStore } from '../open-store.ts';
import { loadDemoIfEmpty } from '../ingest/demo.ts';
import { createApp } from '../web/app.ts';
import { createMetrics } from '../web/metrics.ts';
import { createMailer } from '../mail/transport.ts';
import { createLogger } from '../logging.ts';
import { openSearchService } from '../search/open-search.ts';
import { parseCommandArgs, intOption } from './args.ts';

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseCommandArgs(args, { port: { type: 'string' }, host: { type: 'string' } }, false);
  const port = intOption(values.port, 'port', ctx.config.port, 0, 65535);
  const host = values.host ?? ctx.config.host;
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
    logger.info({ url: `http://${host === '0.0.0.0' ? 'localhost' : host}:${info.port}`, port: info.port }, 'paperboy listening');
  });
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  // Draining: /readyz says so at once, no new connections are taken, requests already in flight
  // finish; whatever is still open after SHUTDOWN_TIMEOUT_MS is cut.
  accepting = false;
  const timeoutMs = ctx.config.ops.shutdownTimeoutMs;
  logger.info({ signal, timeoutMs }, 'shutting down: draining requests');
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  const idle = server as unknown as { closeIdleConnections?: () => void; closeAllConnections?: () => void };
  // A keep-alive connection turns idle once its last request is answered: close it then, rather
  // than after the keep-alive timeout.
  idle.closeIdleConnections?.();
  const sweep = setInterval(() => idle.closeIdleConnections?.(), 50);
  const cut = setTimeout(() => {
    logger.warn({ timeoutMs }, 'requests still open after the shutdown timeout: closing their connections');
    idle.closeAllConnections?.();
  }, timeoutMs);
  await closed;
  clearInterval(sweep);
  clearTimeout(cut);
  // The pooled SMTP connections would otherwise keep the process alive until their idle timeout.
  mailer?.close();
  await db.close();
  logger.info('stopped');
  return 0;
}
