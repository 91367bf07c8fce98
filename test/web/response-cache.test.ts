// The rendered-answer cache: each visitor still gets their own form token, an import shows up on the
// next request, API hits keep their ETag and headers; members get shared renderings with their own
// name, votes and token; a vote drops only what it changes; junk parameters and big answers cannot
// grow it without bound.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { loadConfig } from '../../src/config.ts';
import { createApp } from '../../src/web/app.ts';
import type { AppEnv } from '../../src/web/context.ts';
import { createResponseCache } from '../../src/web/response-cache.ts';
import { tagPapers, tagTrending } from '../../src/web/render-record.ts';
import { csrfTokenFor } from '../../src/web/csrf.ts';
import { upsertPapers } from '../../src/store/papers.ts';
import { syncPaperRepos } from '../../src/trending/sync-repos.ts';
import { suiteTestDatabase } from '../helpers/db.ts';
import { sql } from '../../src/db/db.ts';
import { WebClient } from '../helpers/web-client.ts';
import { findOrCreateUser } from '../../src/community/accounts.ts';
import { insertSession } from '../../src/store/auth-tokens.ts';
import { hashSecret, newSecret } from '../../src/community/secrets.ts';
import { paperInput } from '../helpers/papers.ts';

const daily = (featuredOn: string, upvotes: number) => ({
  featuredOn, submittedBy: null, upvotes, numComments: 0, githubStars: null, aiKeywords: [], aiSummary: null,
});

test('cached pages carry each visitor’s own CSRF token and change as soon as papers are imported', async () => {
  const { db, close } = await suiteTestDatabase().open();
  try {
    await upsertPapers(db, [paperInput({ id: '2512.00001', title: 'First paper', daily: daily('2025-12-31', 3) })], 1000);
    await syncPaperRepos(db);
    const app = createApp({ db, config: loadConfig({ DEMO_DIR: '', SECRET_KEY: 'k' }) });
    const cookies = ['a'.repeat(43), 'b'.repeat(43)];
    for (const cookie of cookies) {
      const html = await (await app.request('/', { headers: { cookie: `pb_csrf=${cookie}` } })).text();
      assert.match(html, /First paper/);
      assert.ok(html.includes(`name="_csrf" value="${csrfTokenFor('k', cookie)}"`), 'the page holds this visitor’s token');
    }
    for (let i = 0; i < 2; i++) {
      const fresh = await app.request('/');
      const cookie = /pb_csrf=([^;]+)/.exec(fresh.headers.get('set-cookie') ?? '')?.[1];
      assert.ok(cookie, 'a new visitor gets the CSRF cookie, on a miss and on a hit');
      assert.ok((await fresh.text()).includes(`value="${csrfTokenFor('k', cookie)}"`), 'with the token that matches it');
    }
    await upsertPapers(db, [paperInput({ id: '2512.00002', title: 'Second paper', daily: daily('2025-12-31', 9) })], 2000);
    await syncPaperRepos(db); // what an import does after writing
    assert.match(await (await app.request('/')).text(), /Second paper/, 'an import is visible at once');

    const first = await app.request('/api/daily_papers?limit=1');
    const second = await app.request('/api/daily_papers?limit=1');
    assert.equal(second.headers.get('etag'), first.headers.get('etag'));
    assert.equal(second.headers.get('link'), first.headers.get('link'));
    assert.equal(second.headers.get('x-total-count'), '2');
    assert.equal(second.headers.get('access-control-allow-origin'), '*');
    assert.equal(await second.text(), await first.text());
    assert.equal((await app.request('/api/daily_papers?limit=1', { headers: { 'if-none-match': first.headers.get('etag')! } })).status, 304);

    const plain = await (await app.request('/api/openapi.json')).text();
    const zipped = await app.request('/api/openapi.json', { headers: { 'accept-encoding': 'gzip, deflate' } });
    assert.equal(zipped.headers.get('content-encoding'), 'gzip');
    assert.equal(zipped.headers.get('vary'), 'Accept-Encoding');
    assert.equal(gunzipSync(Buffer.from(await zipped.arrayBuffer())).toString(), plain, 'the same JSON, compressed');
  } finally {
    await close();
  }
});

/** A small app around the cache alone: each route counts its renders and tags what it shows. */
function countingApp(opts: { maxEntries?: number; maxBytes?: number } = {}) {
  let now = 0;
  const renders = new Map<string, number>();
  const count = (name: string) => {
    renders.set(name, (renders.get(name) ?? 0) + 1);
    return renders.get(name)!;
  };
  const cache = createResponseCache({ maxEntries: opts.maxEntries ?? 100, maxBytes: opts.maxBytes ?? 1 << 20, maxAgeMs: 5000, version: async () => 1, now: () => now });
  const app = new Hono<AppEnv>();
  app.use('*', async (c, next) => {
    c.set('viewer', null);
    c.set('render', null);
    c.set('csrfToken', 'tok');
    await next();
  });
  app.use('*', cache.middleware);
  app.get('/', (c) => {
    tagTrending(c);
    tagPapers(c, ['a']);
    return c.html(`front ${count('/')}`);
  });
  app.get('/papers/:id', (c) => {
    tagPapers(c, [c.req.param('id')]);
    return c.html(`paper ${c.req.param('id')} ${count(c.req.param('id'))}`);
  });
  app.get('/about', (c) => c.html(`about ${count('about')}`));
  app.get('/api/daily_papers', (c) => c.json({ render: count('api'), limit: c.req.query('limit') ?? null, pad: 'x'.repeat(Number(c.req.query('limit') ?? 0)) }));
  app.post('/papers/:id/upvote', (c) => c.text('voted'));
  // A render that waits on `gate`, as a slow database read would.
  let gate: Promise<void> = Promise.resolve();
  app.get('/search', async (c) => {
    tagPapers(c, ['x']);
    const n = count('slow');
    await gate;
    return c.html(`slow ${n} token=${c.get('csrfToken')}`);
  });
  return { app, cache, renders, setNow: (t: number) => (now = t), setGate: (g: Promise<void>) => (gate = g) };
}

test('a vote re-renders the voted paper and the trending order, not every page; entries expire', async () => {
  const { app, renders, setNow } = countingApp();
  const get = async (path: string) => (await app.request(path)).text();
  for (const path of ['/', '/papers/a', '/papers/b', '/about']) await get(path);
  for (const path of ['/', '/papers/a', '/papers/b', '/about']) await get(path);
  assert.deepEqual([...renders], [['/', 1], ['a', 1], ['b', 1], ['about', 1]], 'each answer rendered once');
  await app.request('/papers/a/upvote', { method: 'POST' });
  assert.equal(await get('/papers/a'), 'paper a 2', 'the voted paper is rendered afresh');
  assert.equal(await get('/'), 'front 2', 'so is the trending list');
  assert.equal(await get('/papers/b'), 'paper b 1', 'another paper’s page is still served from the cache');
  assert.equal(await get('/about'), 'about 2', 'an answer that did not say what it shows is dropped by any write');
  setNow(5000);
  assert.equal(await get('/papers/b'), 'paper b 2', 'entries expire after maxAgeMs');
});

test('invalidate() drops the answers showing what changed, for writes seen by other means', async () => {
  const { app, cache, renders } = countingApp();
  await app.request('/papers/c');
  await app.request('/papers/d');
  cache.invalidate({ tags: ['paper:c'] });
  await app.request('/papers/c');
  await app.request('/papers/d');
  assert.deepEqual([renders.get('c'), renders.get('d')], [2, 1]);
  cache.invalidate({ all: true });
  await app.request('/papers/d');
  assert.equal(renders.get('d'), 2);
});

test('a write during a render: everyone waiting gets the render, with their token, and it is not kept', async () => {
  const { app, cache, renders, setGate } = countingApp();
  let open!: () => void;
  setGate(new Promise<void>((resolve) => (open = resolve)));
  const first = app.request('/search');
  const waiting = app.request('/search');
  await new Promise((resolve) => setTimeout(resolve, 10));
  cache.invalidate({ tags: ['paper:x'] });
  open();
  assert.deepEqual(await Promise.all([first, waiting].map(async (r) => (await r).text())), ['slow 1 token=tok', 'slow 1 token=tok'], 'one render, shared');
  setGate(Promise.resolve());
  assert.equal(await (await app.request('/search')).text(), 'slow 2 token=tok', 'the render was not kept');
  assert.equal(renders.get('slow'), 2);
});

test('while a superseded answer is re-rendered, visitors get the previous copy at once instead of waiting', async () => {
  const { app, cache, renders, setGate } = countingApp();
  assert.equal(await (await app.request('/search')).text(), 'slow 1 token=tok');
  cache.invalidate({ tags: ['paper:x'] });
  let open!: () => void;
  setGate(new Promise<void>((resolve) => (open = resolve)));
  const rendering = app.request('/search');
  await new Promise((resolve) => setTimeout(resolve, 10));
  assert.equal(await (await app.request('/search')).text(), 'slow 1 token=tok', 'the previous copy, with this visitor’s token, while the render waits');
  open();
  assert.equal(await (await rendering).text(), 'slow 2 token=tok', 'the request that renders gets the new answer');
  assert.equal(await (await app.request('/search')).text(), 'slow 2 token=tok', 'which is kept');
  assert.equal(renders.get('slow'), 2);
  cache.invalidate({ tags: ['paper:x'] });
  assert.equal(await (await app.request('/search')).text(), 'slow 3 token=tok', 'with no render in progress a superseded answer is never served');
});

test('parameters the route does not read share one entry; the cache stays within its byte bound', async () => {
  const { app, cache, renders } = countingApp();
  for (let n = 0; n < 50; n++) await app.request(`/api/daily_papers?limit=10&junk=${n}&utm_source=x${n}`);
  assert.equal(renders.get('api'), 1, 'junk parameters do not make new renders');
  assert.equal(cache.stats().entries, 1, 'nor new entries');
  const reordered = await (await app.request('/api/daily_papers?junk=1&limit=10')).json();
  assert.equal(reordered.render, 1, 'the same answer whatever the order of the parameters');
  assert.equal((await (await app.request('/api/daily_papers?limit=11')).json()).limit, '11', 'a parameter the route reads makes its own entry');

  const small = countingApp({ maxBytes: 64 * 1024 });
  for (let n = 1; n <= 40; n++) await small.app.request(`/api/daily_papers?limit=${n * 1000}`);
  const { entries, bytes } = small.cache.stats();
  assert.ok(bytes <= 64 * 1024, `kept ${bytes} bytes within 64 kB`);
  assert.ok(entries > 0 && entries < 40, `the oldest entries were dropped (${entries} kept)`);
  const last = await (await small.app.request('/api/daily_papers?limit=40000')).json();
  assert.equal(last.render, 40, 'the most recent answer is still served from the cache (no 41st render)');
});

for (const kind of [suiteTestDatabase()]) {
  test(`members get the shared rendering with their own name, votes and token (${kind.name})`, async () => {
    const { db, close } = await kind.open();
    try {
      await upsertPapers(db, [
        paperInput({ id: '2512.00001', title: 'First paper', daily: daily('2025-12-31', 3), source: 'hf-daily' }),
        paperInput({ id: '2512.00002', title: 'Second paper', daily: daily('2025-12-31', 2), source: 'hf-daily' }),
      ]);
      const app = createApp({ db, config: loadConfig({ DEMO_DIR: '', SECRET_KEY: 'k' }) });
      const member = async (email: string, name: string) => {
        const user = await findOrCreateUser(db, email, 'member', name);
        const secret = newSecret();
        await insertSession(db, { hash: hashSecret(secret), userId: user.id, expiresAt: Date.now() + 60_000 });
        const client = new WebClient(app, email);
        client.cookies.set('pb_session', secret);
        return client;
      };
      const ann = await member('ann@example.org', 'ann');
      const bob = await member('bob@example.org', 'bob');
      const pressed = (html: string, id: string) => new RegExp(`action="/papers/${id}/upvote"[\\s\\S]*?aria-pressed="(true|false)"`).exec(html)?.[1];
      for (const path of ['/papers/date/2025-12-31', '/papers/2512.00001']) {
        await ann.get(path);
        await bob.get(path); // both served from the cache from here on
        assert.equal((await ann.post('/papers/2512.00001/upvote', { vote: '1' })).status, 303);
        const [a, b, anon] = [(await ann.get(path)).html, (await bob.get(path)).html, await (await app.request(path)).text()];
        assert.match(a, /href="\/u\/ann">ann</, 'the page names its member');
        assert.match(b, /href="\/u\/bob">bob</);
        assert.equal(pressed(a, '2512.00001'), 'true', `${path}: ann sees her vote`);
        assert.equal(pressed(b, '2512.00001'), 'false', `${path}: bob does not see ann’s vote as his`);
        assert.match(a, /aria-pressed="true"[^>]*>▲ <span data-upvote-count[^>]*>4</, 'the count includes the vote at once');
        assert.match(anon, /Sign in/, 'visitors get the anonymous page');
        assert.doesNotMatch(anon + a + b, /pbslot/, 'no mark is left in any page');
        assert.equal((await bob.post('/papers/2512.00002/upvote', { vote: '1' })).status, 303, 'the token bob was given is his');
        assert.equal((await ann.post('/papers/2512.00001/upvote', { vote: '0' })).status, 303);
      }
      await ann.get('/papers/date/2025-12-31');
      assert.ok([200, 303].includes((await ann.post('/papers/2512.00002/save', {})).status), 'ann saves the second paper');
      const [annDay, bobDay] = [(await ann.get('/papers/date/2025-12-31')).html, (await bob.get('/papers/date/2025-12-31')).html];
      assert.match(annDay, /class="save saved" href="\/papers\/2512.00002#collections"/, 'ann sees her saved paper as saved');
      assert.match(bobDay, /action="\/papers\/2512.00002\/save"/, 'bob still gets the save form for it');
      assert.match((await ann.get('/papers/2512.00002')).html, /id="collections"/, 'a member’s paper page has their collections block');
      assert.doesNotMatch(await (await app.request('/papers/2512.00002')).text(), /id="collections"/, 'visitors’ does not');
      const missing = await ann.get('/papers/2599.99999');
      assert.equal(missing.status, 404);
      assert.match(missing.html, /href="\/u\/ann">ann</, 'a page not kept is filled in for the member too');
      assert.doesNotMatch(missing.html, /pbslot/);
      const paper = (await ann.get('/papers/2512.00001')).html;
      assert.match(paper, /Did you write this paper\?<\/span><button type="submit" class="secondary">I am an author/, 'the member’s own community block is filled in');
      assert.doesNotMatch(await (await app.request('/papers/2512.00001')).text(), /Did you write this paper\?<\/span><button type="submit" class="secondary">I am an author/);
    } finally {
      await close();
    }
  });
}

for (const kind of [suiteTestDatabase()]) {
  test(`a member's vote re-renders exactly the pages that show the paper, and the trending list (${kind.name})`, async () => {
    const { db, close } = await kind.open();
    try {
      const paper = (id: string, category: string, day: string) =>
        paperInput({ id, title: `Paper ${id}`, categories: [category], primaryCategory: category, daily: daily(day, 3), source: 'hf-daily' });
      await upsertPapers(db, [paper('2512.00001', 'cs.CL', '2025-12-31'), paper('2512.00002', 'cs.CV', '2025-12-31'), paper('2512.00003', 'cs.RO', '2025-12-30')]);
      // The catalog's latest change, on no page below: the change made behind the cache's back keeps the data version.
      await upsertPapers(db, [paperInput({ id: '2401.09999', title: 'Unlisted', categories: ['math.HO'], primaryCategory: 'math.HO', source: 'arxiv-api' })], Date.now() + 60_000);
      await syncPaperRepos(db);
      const app = createApp({ db, config: loadConfig({ DEMO_DIR: '', SECRET_KEY: 'k' }) });
      const user = await findOrCreateUser(db, 'voter@example.org', 'member', 'voter');
      const secret = newSecret();
      await insertSession(db, { hash: hashSecret(secret), userId: user.id, expiresAt: Date.now() + 60_000 });
      const voter = new WebClient(app, 'voter@example.org');
      voter.cookies.set('pb_session', secret);
      const pages = ['/papers/2512.00001', '/papers/2512.00002', '/papers/date/2025-12-31', '/papers/date/2025-12-30', '/api/daily_papers?date=2025-12-30', '/'];
      const look = async () => Object.fromEntries(await Promise.all(pages.map(async (p) => [p, await (await app.request(p)).text()] as const)));
      await look();
      // A change the cache cannot know of (no write through the app, no new data version): pages
      // still served from the cache keep the old title, re-rendered ones show the new one.
      // (A write to a paper sets its modified_at, which papers kept between renders are checked
      // against: store/paper-memo.ts. The latest one, the data version, stays.)
      await db.run(sql`UPDATE papers SET title = title || ' renamed', modified_at = modified_at - 1 WHERE id <> '2401.09999'`);
      assert.ok(Object.values(await look()).every((text) => !text.includes('renamed')), 'everything is served from the cache before the vote');
      await voter.get('/papers/2512.00001');
      assert.equal((await voter.post('/papers/2512.00001/upvote', { vote: '1' })).status, 303);
      const after = await look();
      const renamed = (p: string) => after[p]!.includes('Paper 2512.00001 renamed') || after[p]!.includes('Paper 2512.00002 renamed') || after[p]!.includes('Paper 2512.00003 renamed');
      assert.ok(renamed('/papers/2512.00001'), 'the voted paper’s page is rendered afresh');
      assert.ok(renamed('/papers/date/2025-12-31'), 'so is the day listing that shows it');
      assert.ok(renamed('/'), 'and the trending list, whose order a vote moves');
      assert.ok(!renamed('/papers/2512.00002'), 'another paper’s page is still served from the cache');
      assert.ok(!renamed('/papers/date/2025-12-30'), 'so is a day that does not show the paper');
      assert.ok(!renamed('/api/daily_papers?date=2025-12-30'), 'and that day in the API');
    } finally {
      await close();
    }
  });
}
