// The web process's search runs in a worker thread: while a large index is being built the server
// keeps answering (static files, pages), searches answer 503 + Retry-After after a bounded wait
// instead of hanging, and once the index is ready they answer from it. SQLite and PostgreSQL.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { loadConfig } from '../../src/config.ts';
import { upsertPapers } from '../../src/store/papers.ts';
import { createApp } from '../../src/web/app.ts';
import { RateLimiter } from '../../src/web/rate-limit.ts';
import { createThreadedSearchService, type ThreadedSearchService } from '../../src/search/threaded-search.ts';
import { searchTitlesInStore, titleWords } from '../../src/search/store-fallback.ts';
import type { PaperInput } from '../../src/model.ts';
import { testDatabases, type OpenedTestDb } from '../helpers/db.ts';
import { paperInput } from '../helpers/papers.ts';
import { insertUser } from '../../src/store/users.ts';

const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'ru', 'ta', 'vo', 'shi', 'gen', 'tor', 'bel', 'dra', 'qua', 'zen', 'pex', 'lum'];
/** A deterministic vocabulary of made-up words, so the index has many terms like a real corpus. */
const word = (n: number) => SYLLABLES[n % 16]! + SYLLABLES[(n >> 4) % 16]! + SYLLABLES[(n >> 8) % 16]!;

/** Enough papers that building their index takes a while (LSA training included). */
const N = 8_000;

function corpus(n: number): PaperInput[] {
  const out: PaperInput[] = [];
  let seed = 7;
  const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648);
  for (let i = 0; i < n; i++) {
    const words = (k: number) => Array.from({ length: k }, () => word(next() % 4096)).join(' ');
    out.push(paperInput({ id: `2601.${String(i).padStart(5, '0')}`, title: `${words(8)}${i === 42 ? ' lighthouse' : ''}`, abstract: words(40), publishedAt: Date.UTC(2026, 0, 1) }));
  }
  return out;
}

for (const database of testDatabases()) {
  describe(`search in a worker thread (${database.name})`, () => {
    let t: OpenedTestDb;
    let search: ThreadedSearchService;
    let server: Server;
    let base: string;
    before(async () => {
      t = await database.open();
      const papers = corpus(N);
      for (let i = 0; i < papers.length; i += 4000) await upsertPapers(t.db, papers.slice(i, i + 4000));
    });
    const others: { search: ThreadedSearchService; server: Server }[] = [];
    after(async () => {
      await search?.close();
      await new Promise((r) => server?.close(r));
      for (const o of others) {
        await o.search.close();
        await new Promise((r) => o.server.close(r));
      }
      await t?.close();
    });

    it('serves static files and pages while the index builds; search waits a bounded time, then answers', async () => {
      const config = loadConfig({ DATABASE_URL: t.url, DEMO_DIR: '', SEARCH_WAIT_MS: '0' });
      search = createThreadedSearchService(config, { waitMs: 0 });
      const app = createApp({ db: t.db, config, search, forYou: search.forYou(), limiter: new RateLimiter() });
      server = createServer(getRequestListener(app.fetch));
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

      // The build of N papers has started in the thread; this process answers meanwhile.
      const css = await fetch(`${base}/static/app.css`);
      assert.equal(css.status, 200);
      await css.arrayBuffer();
      const page = await fetch(`${base}/about`);
      assert.equal(page.status, 200);
      await page.arrayBuffer();
      const early = await fetch(`${base}/api/papers/search?q=lighthouse`);
      assert.equal(search.ready(), false, 'the static file and the page were answered before the index was ready');
      assert.equal(early.status, 503);
      assert.ok(Number(early.headers.get('retry-after')) > 0);
      assert.match((await early.json()).error, /still being built/);
      const earlyPage = await fetch(`${base}/search?q=lighthouse`);
      assert.equal(earlyPage.status, 503);
      assert.match(await earlyPage.text(), /try again in a few seconds/);

      await search.whenReady();
      assert.equal(search.stats().papers, N);
      const ready = await fetch(`${base}/api/search?q=lighthouse&mode=keyword`);
      assert.equal(ready.status, 200);
      const body = await ready.json();
      assert.equal(body.papers[0].id, '2601.00042');

      // The personal feed reads the index's vectors, so it is computed in the thread too.
      const member = (await insertUser(t.db, { email: 'reader@example.org', name: 'reader', role: 'member' }))!;
      const feed = await search.forYou().feed(member.id, 10);
      assert.equal(feed.coldStart, true);
      assert.ok(Array.isArray(feed.items));
    });

    it('with a store fallback, a search asked while the index builds answers from the titles at once, uncached', async () => {
      const config = loadConfig({ DATABASE_URL: t.url, DEMO_DIR: '', SEARCH_WAIT_MS: '0' });
      const building = createThreadedSearchService(config, { waitMs: 0, whileBuilding: (q) => searchTitlesInStore(t.db, q) });
      const app = createApp({ db: t.db, config, search: building, forYou: building.forYou(), limiter: new RateLimiter() });
      const srv = createServer(getRequestListener(app.fetch));
      others.push({ search: building, server: srv });
      await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
      const at = `http://127.0.0.1:${(srv.address() as AddressInfo).port}`;

      const early = await fetch(`${at}/api/search?q=Lighthouse`);
      assert.equal(building.ready(), false, 'answered before the index was ready');
      assert.equal(early.status, 200);
      assert.equal(early.headers.get('cache-control'), 'no-store');
      const body = await early.json();
      assert.equal(body.fromStore, true);
      assert.deepEqual(body.papers.map((p: { id: string }) => p.id), ['2601.00042'], 'the one paper whose title has the word');
      const hf = await fetch(`${at}/api/papers/search?q=lighthouse`);
      assert.equal(hf.status, 200);
      assert.equal((await hf.json())[0].paper.id, '2601.00042');
      const page = await fetch(`${at}/search?q=lighthouse`);
      assert.equal(page.status, 200);
      const html = await page.text();
      assert.match(html, /Search is starting up/);
      assert.match(html, /2601\.00042/);

      await building.whenReady();
      const later = await (await fetch(`${at}/search?q=lighthouse`)).text();
      assert.doesNotMatch(later, /Search is starting up/, 'the stand-in page was not cached: the index answers now');
      assert.match(later, /2601\.00042/);
    });
  });
}

describe('title words of a query for the store fallback', () => {
  it('keeps plain words, lower-cased, without operators, stop words or repeats', () => {
    assert.deepEqual(titleWords('The Diffusion diffusion  -noise author:smith "Graph-based" models'), ['diffusion', 'graph', 'based', 'models']);
    assert.deepEqual(titleWords(''), []);
    assert.deepEqual(titleWords('a b c d e f g h i j k'), []);
    assert.equal(titleWords('one two three four five six seven eight').length, 6);
  });
});
