// Who may use a route, as the route table says with requireMember / requireRole: the refusals a
// visitor, a member without the role, and an API client without a token each get.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { suiteTestDatabase, type OpenedTestDb } from '../helpers/db.ts';
import { WebClient } from '../helpers/web-client.ts';
import { paperInput } from '../helpers/papers.ts';
import { loadConfig } from '../../src/config.ts';
import { createApp } from '../../src/web/app.ts';
import { RateLimiter } from '../../src/web/rate-limit.ts';
import { upsertPapers } from '../../src/store/papers.ts';
import { findOrCreateUser } from '../../src/community/accounts.ts';
import { hashSecret, newApiToken, newSecret } from '../../src/community/secrets.ts';
import { insertApiToken, insertSession } from '../../src/store/auth-tokens.ts';

describe('route access (requireMember, requireRole)', () => {
  let t: OpenedTestDb;
  let app: ReturnType<typeof createApp>;

  /** A client signed in (session cookie) as a new member with `role`. */
  async function signedIn(role: 'member' | 'curator' | 'admin'): Promise<WebClient> {
    const user = await findOrCreateUser(t.db, `${role}@example.org`, role, role);
    const secret = newSecret();
    await insertSession(t.db, { hash: hashSecret(secret), userId: user.id, expiresAt: Date.now() + 3_600_000 });
    const client = new WebClient(app, `10.0.0.${role.length}`);
    client.cookies.set('pb_session', secret);
    await client.get('/about');
    return client;
  }

  before(async () => {
    t = await suiteTestDatabase().open();
    await upsertPapers(t.db, [paperInput({ id: '2511.00001', title: 'A paper', publishedAt: Date.now() })]);
    const config = loadConfig({ DEMO_DIR: '', PUBLIC_URL: 'http://localhost', SECRET_KEY: 'test-secret' });
    app = createApp({ db: t.db, config, limiter: new RateLimiter(), mailer: null });
  });
  after(() => t.close());

  test('a signed-out visitor is sent to sign in, and back to the page (path and query) after', async () => {
    for (const path of ['/settings', '/for-you', '/collections', '/submit?paper=2511.00001', '/admin/digests', '/admin/audit']) {
      const res = await app.request(path);
      assert.equal(res.status, 303, path);
      assert.equal(res.headers.get('location'), `/signin?next=${encodeURIComponent(path)}`, path);
    }
  });

  test('a signed-out form post is sent to sign in without a way back (only pages are returned to)', async () => {
    const visitor = new WebClient(app);
    const res = await visitor.post('/papers/2511.00001/upvote', { vote: '1' });
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), '/signin');
  });

  test('the API without a token answers 401 in JSON, never a redirect', async () => {
    for (const [method, path] of [['GET', '/api/for-you'], ['GET', '/api/collections'], ['GET', '/api/follows']] as const) {
      const res = await app.request(path, { method });
      assert.equal(res.status, 401, `${method} ${path}`);
      assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
      assert.match(((await res.json()) as { error: string }).error, /Bearer/);
    }
  });

  test('the API with a member token gets through', async () => {
    const user = await findOrCreateUser(t.db, 'api@example.org', 'member', 'api-user');
    const token = newApiToken();
    await insertApiToken(t.db, { hash: hashSecret(token), userId: user.id, name: 'test' });
    const res = await app.request('/api/collections', { headers: { authorization: `Bearer ${token}` } });
    assert.equal(res.status, 200);
  });

  test('a member without the role is refused: 403 for curator and admin actions, 404 for hidden admin pages', async () => {
    const member = await signedIn('member');
    assert.equal((await member.get('/settings')).status, 200);
    const hide = await member.post('/papers/2511.00001/hide', { hidden: '1' });
    assert.equal(hide.status, 403);
    assert.match(await hide.text(), /Only curators/);
    assert.equal((await member.post('/u/member/ban', { banned: '1' })).status, 403);
    const digests = await member.get('/admin/digests');
    assert.equal(digests.status, 403);
    assert.match(digests.html, /Only administrators/);
    for (const path of ['/admin/audit', '/admin/jobs', '/admin/claims']) assert.equal((await member.get(path)).status, 404, path);
  });

  test('a curator may hide a paper but not see admin pages; an admin sees them', async () => {
    const curator = await signedIn('curator');
    assert.equal((await curator.post('/papers/2511.00001/hide', { hidden: '0' })).status, 303);
    assert.equal((await curator.get('/admin/digests')).status, 403);
    assert.equal((await curator.get('/admin/audit')).status, 404);
    const admin = await signedIn('admin');
    for (const path of ['/admin/digests', '/admin/audit', '/admin/jobs', '/admin/claims']) assert.equal((await admin.get(path)).status, 200, path);
  });
});
