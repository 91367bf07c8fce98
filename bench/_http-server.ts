// The server under test for bench/http.ts, in its own process so the load generator does not share
// its event loop: the real app over the bench corpus plus a constant-string route (the floor).
import { createServer } from 'node:http';
import { writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { loadConfig } from '../src/config.ts';
import { openStore } from '../src/open-store.ts';
import { createApp } from '../src/web/app.ts';
import { createThreadedSearchService } from '../src/search/threaded-search.ts';
import { withQueryStats } from './_query-stats.ts';

// With a profile file name (bench/http.ts --profile), per-statement timings are written there on exit.
const [database, cacheEntries = '2000', queryStatsFile] = process.argv.slice(2);
// A database URL, or (as before) the path of a SQLite file.
const url = /^(sqlite:|postgres(ql)?:\/\/)/.test(database!) ? database! : `sqlite:${database}`;
const config = loadConfig({ DATABASE_URL: url, DEMO_DIR: '', PORT: '0', RESPONSE_CACHE_ENTRIES: cacheEntries });
const store = await openStore(config);
const stats = queryStatsFile ? withQueryStats(store) : null;
const db = stats?.db ?? store;
// The search service as `serve` builds it (in a worker thread), its index built before the first
// request so the quiet run measures searches, not "still building" answers.
const search = createThreadedSearchService(config, { waitMs: config.search.waitMs, log: (l) => process.stderr.write(`server: ${l}\n`) });
await search.whenReady();
const app = createApp({ db, config, search, forYou: search.forYou(), mailer: null });
// Registered after the others, it still runs through the same middleware (context, CSRF cookie):
// what a route costs when its handler does nothing.
app.get('/__bench/constant', (c) => c.text('constant'));
const server = createServer(getRequestListener(app.fetch));
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
});
process.on('SIGTERM', () => {
  if (stats) writeFileSync(queryStatsFile!, `${stats.report()}\n`);
  server.close(() => search.close().then(() => db.close()).then(() => process.exit(0)));
});
