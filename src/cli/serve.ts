// `paperboy serve`: the web site, JSON API and feeds over HTTP, and (unless --no-jobs) the
// scheduled jobs in the same process, so one command is a whole, living service.
import { serve } from '@hono/node-server';
import type { CommandContext } from '../main.ts';
import { openStore } from '../open-store.ts';
import { loadDemoIfEmpty } from '../ingest/demo.ts';
import { createApp } from '../web/app.ts';
import { openSearchService } from '../search/open-search.ts';
import { runWorker } from '../jobs/worker.ts';
import { parseCommandArgs, intOption } from './args.ts';

const HELP = `usage: paperboy serve [--port N] [--host H] [--no-jobs]

Serves the web site, JSON API and feeds. Unless --no-jobs (or SERVE_JOBS=0), the same process
also runs the job queue: scheduled harvests, star refreshes, trending recomputes and digests.
Use --no-jobs when separate \`paperboy worker\` processes run the jobs; they share one queue.
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
  const db = await openStore(ctx.config);
  const demo = await loadDemoIfEmpty(db, ctx.config);
  if (demo) ctx.stdout.write(`empty database: loaded the demo corpus from ${ctx.config.demoDir} (${demo.new} papers)\n`);
  const search = await openSearchService(db, ctx.config);
  const app = createApp({ db, config: ctx.config, search });
  // Build the search index in the background; the first search waits for it if it is not done.
  search.refresh().then(
    () => ctx.stdout.write(`search index ready: ${search.stats().papers} papers\n`),
    (err) => ctx.stderr.write(`search index failed to build: ${(err as Error).message}\n`),
  );
  const server = serve({ fetch: app.fetch, port, hostname: host }, (info) => {
    ctx.stdout.write(`paperboy listening on http://${host === '0.0.0.0' ? 'localhost' : host}:${info.port}\n`);
  });
  const stopJobs = new AbortController();
  const jobs = withJobs
    ? runWorker({
        db,
        config: ctx.config,
        leaseMs: ctx.config.worker.leaseMs,
        pollMs: ctx.config.worker.pollMs,
        signal: stopJobs.signal,
        log: (line) => ctx.stdout.write(`${new Date().toISOString()} ${line}\n`),
      }).catch((err) => ctx.stderr.write(`job runner stopped: ${(err as Error).message}\n`))
    : Promise.resolve();
  if (!withJobs) ctx.stdout.write('jobs: not run here (--no-jobs); start `paperboy worker` processes\n');
  await new Promise<void>((resolve) => {
    const stop = () => {
      stopJobs.abort();
      server.close(() => resolve());
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  // A job in flight gets a few seconds to finish; if it does not, its lease runs out and the next
  // process to start (or another worker) runs it again, which every job is written to allow.
  await Promise.race([jobs, new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
  await db.close();
  return 0;
}
