// Security headers on every main page (visitor and admin), a strict CSP the pages keep to, HSTS
// only over https, and form redirects that never leave the site.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabases, type OpenedTestDb } from '../helpers/db.ts';
import { loadConfig } from '../../src/config.ts';
import { createApp } from '../../src/web/app.ts';
import { RateLimiter } from '../../src/web/rate-limit.ts';
import { createSearchService } from '../../src/search/service.ts';
import { upsertPapers } from '../../src/store/papers.ts';
import { findOrCreateUser } from '../../src/community/accounts.ts';
import { hashSecret, newSecret } from '../../src/community/secrets.ts';
import { insertSession } from '../../src/store/auth-tokens.ts';
import { CORPUS } from '../helpers/search-corpus.ts';
import { WebClient } from '../helpers/web-client.ts';
import { assertSecurityHeaders, headersOf } from '../helpers/page-headers.ts';

const VISITOR_PAGES = [
  '/',
  '/?window=month',
  '/papers',
  '/papers/date/2024-02-02',
  '/papers/week/2024-W05',
  '/papers/month/2024-02',
  '/papers/2402.00003',
  '/about',
  '/search?q=diffusion',
  '/signin',
  '/subscribe',
  '/u/admin',
  '/no-such-page',
  `/subscribe/confirm/${'A'.repeat(43)}`,
];
const ADMIN_PAGES = ['/', '/papers/2402.00003', '/settings', '/submit', '/admin/audit', '/admin/claims', '/admin/digests', '/admin/jobs', '/for-you', '/collections', '/u/admin'];

function assertPageHeaders(res: Response, html: string, path: string, https: boolean) {
  assertSecurityHeaders(headersOf(res), path, https);
  // The policy holds only if the pages keep to it: no inline script, style or event handler.
  assert.doesNotMatch(html, /<script(?![^>]*\ssrc=)[^>]*>/i, `${path}: inline script`);
  assert.doesNotMatch(html, /<style[\s>]|\sstyle=/i, `${path}: inline style`);
  assert.doesNotMatch(html, /<[a-z][^>]*\son[a-z]+=/i, `${path}: inline event handler`);
}

for (const database of testDatabases()) {
  describe(`security headers (${database.name})`, () => {
    let t: OpenedTestDb;
    let adminCookie: string;
    const appFor = (publicUrl: string) => {
      const search = createSearchService(t.db, { refreshMs: -1 });
      return createApp({ db: t.db, config: loadConfig({ DEMO_DIR: '', PUBLIC_URL: publicUrl }), search, mailer: null, limiter: new RateLimiter() });
    };
    before(async () => {
      t = await database.open();
      await upsertPapers(t.db, CORPUS);
      const admin = await findOrCreateUser(t.db, 'admin@example.org', 'admin', 'admin');
      adminCookie = newSecret();
      await insertSession(t.db, { hash: hashSecret(adminCookie), userId: admin.id, expiresAt: Date.now() + 86_400_000 });
    });
    after(() => t.close());

    test('every main page, to a visitor and to an admin, carries the headers and keeps to the policy (https)', async () => {
      const app = appFor('https://pb.example');
      for (const path of VISITOR_PAGES) {
        const res = await app.request(path);
        assert.ok([200, 404].includes(res.status), `${path}: ${res.status}`);
        assertPageHeaders(res, await res.text(), path, true);
      }
      for (const path of ADMIN_PAGES) {
        const res = await app.request(path, { headers: { cookie: `pb_session=${adminCookie}` } });
        assert.equal(res.status, 200, path);
        const html = await res.text();
        assert.match(html, /Sign out/, `${path} is seen signed in`);
        assertPageHeaders(res, html, path, true);
      }
    });

    test('over plain http there is no HSTS; JSON, feeds and assets get nosniff too', async () => {
      const app = appFor('http://localhost:3000');
      const page = await app.request('/');
      assertPageHeaders(page, await page.text(), '/', false);
      for (const path of ['/api/papers/2402.00003', '/feeds/trending.rss', '/static/app.css', '/static/app.js', '/papers/2402.00003.md']) {
        const res = await app.request(path);
        assert.equal(res.status, 200, path);
        assert.equal(res.headers.get('x-content-type-options'), 'nosniff', path);
      }
    });

    test('the redirect after an upvote form never goes to another origin, whatever the Referer says', async () => {
      const app = appFor('http://localhost');
      const client = new WebClient(app);
      client.cookies.set('pb_session', adminCookie);
      for (const referer of ['//evil.example/x', 'http://localhost//evil.example/x', 'http://localhost/\\evil.example/x', 'https://evil.example/papers']) {
        await client.get('/papers/2402.00003');
        const res = await app.request('/papers/2402.00003/upvote', {
          method: 'POST',
          headers: {
            cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
            referer,
            'content-type': 'application/x-www-form-urlencoded',
          },
          body: new URLSearchParams({ _csrf: client.csrf, vote: '1' }).toString(),
        });
        assert.equal(res.status, 303, referer);
        const location = res.headers.get('location') ?? '';
        assert.ok(location.startsWith('/') && !/^[/\\]{2}/.test(location), `${referer} → ${location}`);
        assert.equal(new URL(location, 'http://localhost').origin, 'http://localhost', referer);
      }
      // A same-site Referer is still where the form sends the member back to.
      await client.get('/papers');
      const res = await app.request('/papers/2402.00003/upvote', {
        method: 'POST',
        headers: { cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; '), referer: 'http://localhost/papers?sort=upvotes', 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: client.csrf, vote: '0' }).toString(),
      });
      assert.equal(res.headers.get('location'), '/papers?sort=upvotes');
    });
  });
}
