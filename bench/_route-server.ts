// The server under test for bench/routes.ts: the real app (response cache off unless told) plus a
// constant-string route (the floor) and /__prof/start, /__prof/stop?file= to take a CPU profile of
// just the seconds a route is measured (node:inspector), so a profile is that route's alone.
import { createServer } from 'node:http';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { loadConfig } from '../src/config.ts';
import { openDb } from '../src/db/db.ts';
import { createApp } from '../src/web/app.ts';
import { createThreadedSearchService } from '../src/search/threaded-search.ts';

const [url, cacheEntries = '0', withSearch = '1'] = process.argv.slice(2);
const config = loadConfig({ DATABASE_URL: url!, DEMO_DIR: '', PORT: '0', RESPONSE_CACHE_ENTRIES: cacheEntries });
// Not openStore: the corpus is migrated by bench/routes.ts first, and migrating takes a lock on the
// whole PostgreSQL database that a paused test run elsewhere may hold.
const db = await openDb(config.databaseUrl);
const search = withSearch === '1' ? createThreadedSearchService(config, { waitMs: config.search.waitMs, log: (l) => process.stderr.write(`server: ${l}\n`) }) : null;
await search?.whenReady();
const app = createApp({ db, config, ...(search ? { search, forYou: search.forYou() } : {}), mailer: null });
app.get('/__bench/constant', (c) => c.text('constant'));
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 100 });
app.get('/__prof/start', async (c) => (await session.post('Profiler.start'), c.text('ok')));
app.get('/__prof/stop', async (c) => {
  const { profile } = await session.post('Profiler.stop');
  writeFileSync(c.req.query('file')!, JSON.stringify(profile));
  return c.text('ok');
});
const server = createServer(getRequestListener(app.fetch));
server.listen(0, '127.0.0.1', () => process.stdout.write(`${(server.address() as AddressInfo).port}\n`));
process.on('SIGTERM', () => process.exit(0));
