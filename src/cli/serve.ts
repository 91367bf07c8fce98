// `paperboy serve`: the web site, JSON API and feeds over HTTP.
import { serve } from '@hono/node-server';
import type { CommandContext } from './context.ts';
import { openStore } from '../open-store.ts';
import { loadDemoIfEmpty } from '../ingest/demo.ts';
import { createApp } from '../web/app.ts';
import { openSearchService } from '../search/open-search.ts';
import { parseCommandArgs, intOption } from './args.ts';

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseCommandArgs(args, { port: { type: 'string' }, host: { type: 'string' } }, false);
  const port = intOption(values.port, 'port', ctx.config.port, 0, 65535);
  const host = values.host ?? ctx.config.host;
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
  await new Promise<void>((resolve) => {
    const stop = () => server.close(() => resolve());
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await db.close();
  return 0;
}
