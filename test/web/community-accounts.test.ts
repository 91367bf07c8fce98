// Sign-in by emailed link over a real SMTP server: no enumeration, single use, session rotation, CSRF, 429.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { suiteTestDatabase, type OpenedTestDb } from '../helpers/db.ts';
import { startSmtpServer, type SmtpServerHandle } from '../helpers/smtp-server.ts';
import { WebClient, linkInMail } from '../helpers/web-client.ts';
import { communityApp, signInByMail } from '../helpers/community.ts';
import { findOrCreateUser } from '../../src/community/accounts.ts';
import { upsertPapers } from '../../src/store/papers.ts';
import { paperInput } from '../helpers/papers.ts';

describe('accounts', () => {
  let t: OpenedTestDb;
  let smtp: SmtpServerHandle;
  before(async () => {
    [t, smtp] = await Promise.all([suiteTestDatabase().open(), startSmtpServer()]);
    await findOrCreateUser(t.db, 'known@example.org', 'member', 'known');
    await upsertPapers(t.db, [paperInput({ id: '2511.00001', publishedAt: Date.now() })]);
  });
  after(async () => {
    await smtp.stop();
    await t.close();
  });

  test('the sign-in answer is the same for an address with and without an account', async () => {
    const app = communityApp(t.db, smtp);
    const answers = [];
    for (const email of ['known@example.org', 'unknown@example.org']) {
      const client = new WebClient(app, `ip-${email}`);
      await client.get('/signin');
      const res = await client.post('/signin', { email });
      const body = (await res.text()).replaceAll(client.csrf, 'TOKEN');
      answers.push({ status: res.status, body, cookies: res.headers.getSetCookie().length });
    }
    assert.deepEqual(answers[0], answers[1]);
    assert.match(answers[0].body, /Check your inbox/);
    const mails = await smtp.waitFor(2);
    const shape = (raw: string) => linkInMail(raw).replace(/token=.*/, '');
    assert.equal(shape(mails.at(-1)!.raw), shape(mails.at(-2)!.raw), 'both get a link of the same kind');
  });

  test('a magic link works once; the session id changes at every sign-in and sign-out ends it', async () => {
    const app = communityApp(t.db, smtp);
    const client = new WebClient(app, 'ip-once');
    await client.get('/signin');
    const before = smtp.received().length;
    await client.post('/signin', { email: 'New.Person@Example.org' });
    const [mail] = (await smtp.waitFor(before + 1)).slice(before);
    const link = new URL(linkInMail(mail.raw));
    // A mail scanner prefetching the link (GET) does not use it up.
    assert.equal((await client.get(link.pathname + link.search)).status, 200);
    const page = await client.get(link.pathname + link.search);
    const token = /name="token" value="([^"]+)"/.exec(page.html)![1];
    const planted = 'A'.repeat(43);
    client.cookies.set('pb_session', planted);
    assert.equal((await client.post('/signin/confirm', { token })).status, 303);
    const first = client.cookies.get('pb_session');
    assert.ok(first && first !== planted, 'a new session id, not the one the browser had');
    assert.match((await client.get('/settings')).html, /new-person/);
    const again = await client.post('/signin/confirm', { token });
    assert.equal(again.status, 410, 'the link works once');
    assert.match(await again.text(), /expired or was already used/);
    assert.equal((await client.get(link.pathname + link.search)).status, 410);

    await signInByMail(client, smtp, 'new.person@example.org');
    const second = client.cookies.get('pb_session');
    assert.notEqual(second, first, 'signing in again rotates the session id');
    const stale = new WebClient(app, 'ip-stale');
    stale.cookies.set('pb_session', first!);
    assert.doesNotMatch((await stale.get('/settings')).html, /new-person/, 'the old session ended');
    assert.equal((await client.post('/signout')).status, 303);
    assert.equal(client.cookies.has('pb_session'), false);
    const after = new WebClient(app, 'ip-after');
    after.cookies.set('pb_session', second!);
    assert.equal((await after.get('/settings')).res.headers.get('location'), '/signin?next=%2Fsettings', 'signed out: sign in, then back to settings');
  });

  test('sign-in started from /submit or from an upvote lands back where it started', async () => {
    const app = communityApp(t.db, smtp);
    for (const [start, expected] of [['/submit', '/submit'], ['/papers/2511.00001', '/papers/2511.00001']] as const) {
      const client = new WebClient(app, `ip-return-${start}`);
      const first = await client.get(start);
      // /submit needs a member: it sends the visitor to sign in, remembering where they were.
      const signIn = first.status === 303 ? first.res.headers.get('location')! : /<a class="upvote" href="([^"]+)"/.exec(first.html)![1]!.replaceAll('&amp;', '&');
      assert.equal(signIn, `/signin?next=${encodeURIComponent(expected)}`);
      await client.get(signIn);
      const before = smtp.received().length;
      await client.post('/signin', { email: 'returning@example.org', next: expected });
      const [mail] = (await smtp.waitFor(before + 1)).slice(before);
      const unfolded = mail.raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
      const link = new URL(/https?:\/\/\S+\/signin\/confirm\?token=[A-Za-z0-9_-]{43}&next=\S+/.exec(unfolded)![0]);
      const page = await client.get(link.pathname + link.search);
      const token = /name="token" value="([^"]+)"/.exec(page.html)![1]!;
      const next = /name="next" value="([^"]+)"/.exec(page.html)![1]!.replaceAll('&amp;', '&');
      const res = await client.post('/signin/confirm', { token, next });
      assert.equal(res.status, 303);
      assert.equal(res.headers.get('location'), expected);
    }
    // Only paths on this site: anything else lands on the home page.
    const client = new WebClient(app, 'ip-return-evil');
    assert.doesNotMatch((await client.get('/signin?next=https://evil.example/')).html, /name="next"/);
  });

  test('session cookies are HttpOnly and SameSite=Lax, and Secure under https', async () => {
    for (const [url, secure] of [['http://localhost', false], ['https://papers.example', true]] as const) {
      const app = communityApp(t.db, smtp, { env: { PUBLIC_URL: url } });
      const client = new WebClient(app, `ip-cookie-${secure}`);
      await client.get('/signin');
      const before = smtp.received().length;
      await client.post('/signin', { email: 'known@example.org' });
      const link = new URL(linkInMail((await smtp.waitFor(before + 1)).at(-1)!.raw));
      const page = await client.get(link.pathname + link.search);
      const res = await client.post('/signin/confirm', { token: /name="token" value="([^"]+)"/.exec(page.html)![1] });
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith('pb_session='))!;
      assert.match(cookie, /HttpOnly/);
      assert.match(cookie, /SameSite=Lax/);
      assert.equal(/Secure/.test(cookie), secure, url);
    }
  });

  test('every state-changing route refuses a missing or wrong CSRF token', async () => {
    const app = communityApp(t.db, smtp);
    const client = new WebClient(app, 'ip-csrf');
    await findOrCreateUser(t.db, 'root@example.org', 'admin', 'root');
    await signInByMail(client, smtp, 'root@example.org');
    const sample = (path: string) =>
      path.replace(/:id\{[^}]+\}/, '2511.00001').replace(/:cid\{[^}]+\}/, '1').replace(/:id\{[^}]+\}/, '1').replace(':name', 'known').replace(':token', 'x'.repeat(43));
    // One-click unsubscribes (RFC 8058) are exempt by design: mail providers post them without our
    // cookie, and the unguessable token in the URL is the authority.
    const routes = app.routes.filter((r) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method) && r.path !== '/unsubscribe/:token');
    assert.ok(routes.length >= 20, `found ${routes.length} state-changing routes`);
    for (const route of routes) {
      const path = sample(route.path);
      for (const token of [null, 'forged-token']) {
        const res = await app.request(path, {
          method: route.method,
          body: new URLSearchParams(token ? { _csrf: token } : {}).toString(),
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
            'x-forwarded-for': 'ip-csrf',
          },
        });
        assert.equal(res.status, 403, `${route.method} ${path} with ${token ?? 'no'} token`);
      }
    }
    assert.match((await client.get('/settings')).html, /root/, 'still signed in: nothing was changed by the refused posts');
  });

  test('a member creates an API token on the settings page (shown once), uses it, and revokes it', async () => {
    const app = communityApp(t.db, smtp);
    const client = new WebClient(app, 'ip-tokens');
    await signInByMail(client, smtp, 'tokens@example.org');
    await client.get('/settings');
    const created = await client.post('/settings/tokens', { name: 'laptop' });
    const html = await created.text();
    const token = /<code id="new-token">(pbt_[A-Za-z0-9_-]{43})<\/code>/.exec(html)![1];
    assert.equal(created.headers.get('cache-control'), 'no-store');
    assert.doesNotMatch((await client.get('/settings')).html, new RegExp(token), 'shown once');
    const vote = () => app.request('/api/papers/2511.00001/upvote', { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    assert.equal((await vote()).status, 200);
    const id = /action="\/settings\/tokens\/(\d+)\/delete"/.exec((await client.get('/settings')).html)![1];
    assert.equal((await client.post(`/settings/tokens/${id}/delete`)).status, 303);
    assert.equal((await vote()).status, 401);
  });

  test('sign-in requests past the limit answer 429', async () => {
    const app = communityApp(t.db, smtp);
    const client = new WebClient(app, 'ip-flood');
    await client.get('/signin');
    const before = smtp.received().length;
    const statuses = [];
    for (let i = 0; i < 7; i++) statuses.push((await client.post('/signin', { email: `flood${i}@example.org` })).status);
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429, 429]);
    await smtp.waitFor(before + 5);
  });

  test('one address gets at most 3 links per 20 minutes, whoever asks, with an unchanged answer', async () => {
    const app = communityApp(t.db, smtp);
    const before = smtp.received().length;
    for (let i = 0; i < 5; i++) {
      const client = new WebClient(app, `ip-bomb-${i}`);
      const res = await client.post('/signin', { email: 'victim@example.org' });
      assert.equal(res.status, 200);
      assert.match(await res.text(), /Check your inbox/);
    }
    await smtp.waitFor(before + 3);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(smtp.received().slice(before).filter((m) => m.to.includes('victim@example.org')).length, 3);
  });

  test('a malformed address gets a clear message', async () => {
    const app = communityApp(t.db, smtp);
    const client = new WebClient(app, 'ip-bad');
    const bad = await client.post('/signin', { email: 'not an address' });
    assert.equal(bad.status, 400);
    assert.match(await bad.text(), /is not an email address/);
    const noSmtp = new WebClient(communityApp(t.db, smtp, { env: { SMTP_URL: '' } }), 'ip-nosmtp');
    const res = await noSmtp.post('/signin', { email: 'known@example.org' });
    assert.equal(res.status, 503);
    assert.match(await res.text(), /not set up on this server/);
  });
});
