// The web frame every page shares: CSRF refusal, rate limits, friendly errors, static assets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Hono } from 'hono';
import { loadConfig } from '../../src/config.ts';
import { createApp } from '../../src/web/app.ts';
import type { AppEnv } from '../../src/web/context.ts';
import { csrfProtection, csrfTokenFor } from '../../src/web/csrf.ts';
import { RateLimiter, rateLimit } from '../../src/web/rate-limit.ts';
import { suiteTestDatabase } from '../helpers/db.ts';

function formApp() {
  const app = new Hono<AppEnv>();
  app.use('*', async (c, next) => {
    c.set('viewer', null);
    c.set('clientIp', c.req.header('x-test-ip') ?? 'local');
    await next();
  });
  app.use('*', csrfProtection('secret', false));
  app.get('/form', (c) => c.text(c.get('csrfToken')));
  app.post('/form', (c) => c.text('done'));
  return app;
}

test('a state-changing form without the right CSRF token is refused; with it, accepted', async () => {
  const app = formApp();
  const first = await app.request('/form');
  const cookie = first.headers.get('set-cookie')!.split(';')[0]!;
  const token = await first.text();
  const post = (body: string, headers: Record<string, string> = {}) =>
    app.request('/form', { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } });
  assert.equal((await post('x=1', { cookie })).status, 403, 'missing token');
  assert.equal((await post('_csrf=forged', { cookie })).status, 403, 'wrong token');
  assert.equal((await post(`_csrf=${token}`)).status, 403, 'token without its cookie');
  assert.equal((await post(`_csrf=${csrfTokenFor('other-secret', cookie.split('=')[1]!)}`, { cookie })).status, 403, 'token signed by another key');
  const ok = await post(`_csrf=${encodeURIComponent(token)}`, { cookie });
  assert.equal(ok.status, 200);
  assert.equal(await ok.text(), 'done');
});

test('rate limits answer 429 with Retry-After, per client, and refill over time', async () => {
  let now = 0;
  const limiter = new RateLimiter(() => now);
  const app = new Hono<AppEnv>();
  app.use('*', async (c, next) => {
    c.set('viewer', null);
    c.set('clientIp', c.req.header('x-test-ip') ?? 'a');
    await next();
  });
  app.use('/limited', rateLimit(limiter, { name: 'test', burst: 2, perMs: 10_000 }));
  app.post('/limited', (c) => c.text('ok'));
  const hit = (ip: string) => app.request('/limited', { method: 'POST', headers: { 'x-test-ip': ip } });
  assert.equal((await hit('a')).status, 200);
  assert.equal((await hit('a')).status, 200);
  const refused = await hit('a');
  assert.equal(refused.status, 429);
  assert.equal(refused.headers.get('retry-after'), '10');
  assert.equal((await hit('b')).status, 200, 'another client has its own budget');
  now += 10_000;
  assert.equal((await hit('a')).status, 200, 'one request allowed again after the refill time');
});

test('unknown pages get a friendly 404 page, unknown API paths a JSON error; assets are cached', async () => {
  const { db, close } = await suiteTestDatabase().open();
  try {
    const app = createApp({ db, config: loadConfig({ DEMO_DIR: '' }) });
    const page = await app.request('/no/such/page');
    assert.equal(page.status, 404);
    const html = await page.text();
    assert.match(html, /Page not found/);
    assert.match(html, /Get trending papers in your email inbox/);
    const api = await app.request('/api/nothing-here');
    assert.equal(api.status, 404);
    assert.match((await api.json()).error, /no such endpoint/);
    const css = await app.request('/static/app.css');
    assert.equal(css.status, 200);
    const etag = css.headers.get('etag')!;
    assert.equal((await app.request('/static/app.css', { headers: { 'if-none-match': etag } })).status, 304);
  } finally {
    await close();
  }
});
