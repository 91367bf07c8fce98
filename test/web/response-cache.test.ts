// The rendered-answer cache: each visitor still gets their own form token, an import shows up on the
// next request, API hits keep their ETag and headers, signed-in visitors are never served from it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { loadConfig } from '../../src/config.ts';
import { createApp } from '../../src/web/app.ts';
import type { AppEnv } from '../../src/web/context.ts';
import { responseCache } from '../../src/web/response-cache.ts';
import { csrfTokenFor } from '../../src/web/csrf.ts';
import { upsertPapers } from '../../src/store/papers.ts';
import { syncPaperRepos } from '../../src/rank/sync-repos.ts';
import { suiteTestDatabase } from '../helpers/db.ts';
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

test('signed-in visitors and stale entries are rendered afresh', async () => {
  let now = 0;
  let renders = 0;
  let viewer: AppEnv['Variables']['viewer'] = null;
  const app = new Hono<AppEnv>();
  app.use('*', async (c, next) => {
    c.set('viewer', viewer);
    c.set('csrfToken', 'tok');
    await next();
  });
  app.use('*', responseCache({ maxEntries: 10, maxAgeMs: 5000, version: async () => 1, now: () => now }));
  app.get('/papers', (c) => c.html(`render ${++renders} tok`));
  const body = async () => (await app.request('/papers')).text();
  assert.equal(await body(), 'render 1 tok');
  assert.equal(await body(), 'render 1 tok');
  now = 5000;
  assert.equal(await body(), 'render 2 tok', 'entries expire after maxAgeMs');
  viewer = { id: 1, name: 'ann', email: 'a@example.org', role: 'member' };
  assert.equal(await body(), 'render 3 tok', 'a signed-in visitor gets a fresh page');
});
