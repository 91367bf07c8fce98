// Subscription web routes: JSON API, same answer for known and unknown addresses, rate limits,
// CSRF, manage and unsubscribe pages behind tokens, and the admin page's gate and rendering.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { simpleParser } from 'mailparser';
import { loadConfig } from '../../src/config.ts';
import { createApp } from '../../src/web/app.ts';
import { RateLimiter } from '../../src/web/rate-limit.ts';
import { createMailer, type Mailer } from '../../src/mail/transport.ts';
import { issueManageUrl } from '../../src/digest/subscribe.ts';
import { getSubscriberByEmail } from '../../src/store/subscribers.ts';
import { renderAdminDigestsPage } from '../../src/web/pages/admin-digests-page.tsx';
import { suiteTestDatabase, type OpenedTestDb } from '../helpers/db.ts';
import { startSmtpServer, type SmtpServerHandle } from '../helpers/smtp-server.ts';
import { seedConfirmedSubscribers } from '../helpers/digest.ts';

describe('subscription routes', () => {
  let smtp: SmtpServerHandle;
  let opened: OpenedTestDb;
  let mailer: Mailer;
  let now = 0;
  let app: ReturnType<typeof createApp>;
  before(async () => {
    smtp = await startSmtpServer();
    opened = await suiteTestDatabase().open();
    const config = loadConfig({ SMTP_URL: smtp.url, PUBLIC_URL: 'https://pb.test', DEMO_DIR: '', TRUST_PROXY: '1' });
    mailer = createMailer(config);
    app = createApp({ db: opened.db, config, mailer, limiter: new RateLimiter(() => now) });
  });
  after(async () => {
    mailer?.close();
    await opened?.close();
    await smtp?.stop();
  });
  const api = (body: unknown, ip = '1.1.1.1', type = 'application/json') =>
    app.request('/api/subscriptions', { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': type, 'x-forwarded-for': ip } });

  it('POST /api/subscriptions answers 202 and records a pending subscription with its preferences', async () => {
    const res = await api({ email: 'Json@Example.org', frequency: 'weekly', weekday: 'friday', topics: { categories: ['cs.CL'], keywords: ['agents'] } });
    assert.equal(res.status, 202);
    const sub = await getSubscriberByEmail(opened.db, 'json@example.org');
    assert.equal(sub!.state, 'pending');
    assert.equal(sub!.frequency, 'weekly');
    assert.equal(sub!.weekday, 5);
    assert.deepEqual(sub!.topics, { categories: ['cs.CL'], keywords: ['agents'], query: null });
    const [mail] = await smtp.waitFor(1);
    assert.match((await simpleParser(mail!.raw)).text!, /https:\/\/pb\.test\/subscribe\/confirm\//);
    const bad = await api({ email: 'nope', frequency: 'daily' }, '1.1.1.2');
    assert.equal(bad.status, 400);
    assert.match((await bad.json()).error, /email: "nope" is not an email address/);
    const wrongType = await api({ email: 'x@example.org' }, '1.1.1.2', 'text/plain');
    assert.equal(wrongType.status, 403, 'a cross-site text/plain post needs the CSRF token');
  });

  it('answers the same whether or not the address is known, and leaves a confirmed subscription alone', async () => {
    await seedConfirmedSubscribers(opened.db, 1, {}, 'known.org');
    const seen = smtp.received().length;
    const known = await api({ email: 'reader1@known.org', frequency: 'weekly', topics: { keywords: ['hijack'] } }, '2.2.2.2');
    const unknown = await api({ email: 'stranger@unknown.org', frequency: 'weekly', topics: { keywords: ['hijack'] } }, '2.2.2.3');
    assert.equal(known.status, unknown.status);
    assert.deepEqual(await known.json(), await unknown.json());
    const sub = await getSubscriberByEmail(opened.db, 'reader1@known.org');
    assert.equal(sub!.frequency, 'daily', 'preferences change only through the mailed link');
    const mails = await Promise.all((await smtp.waitFor(seen + 2)).slice(seen).map((m) => simpleParser(m.raw)));
    const toKnown = mails.find((m) => m.to && JSON.stringify(m.to).includes('reader1@known.org'))!;
    assert.match(toKnown.text!, /already receives/);
    assert.match(toKnown.text!, /https:\/\/pb\.test\/subscription\//);
    // Asking again at once mails nobody: no mail-bombing an address through the form.
    await api({ email: 'stranger@unknown.org' }, '2.2.2.4');
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(smtp.received().length, seen + 2);
  });

  it('rate-limits subscription requests per client with 429', async () => {
    const codes = [];
    for (let i = 0; i < 6; i++) codes.push((await api({ email: `flood${i}@example.org` }, '3.3.3.3')).status);
    assert.deepEqual(codes, [202, 202, 202, 202, 202, 429]);
    now += 60_000;
    assert.equal((await api({ email: 'later@example.org' }, '3.3.3.3')).status, 202);
  });

  it('the prompt form needs its CSRF token; a bad address redisplays the form with the error', async () => {
    const noToken = await app.request('/subscribe', { method: 'POST', body: 'email=a%40b.org', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(noToken.status, 403);
    const page = await app.request('/subscribe');
    const cookie = page.headers.get('set-cookie')!.split(';')[0]!;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
    const res = await app.request('/subscribe', {
      method: 'POST',
      body: `_csrf=${encodeURIComponent(csrf)}&email=%3Cb%3Ebad&keywords=x`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, 'x-forwarded-for': '4.4.4.4' },
    });
    assert.equal(res.status, 400);
    const html = await res.text();
    assert.match(html, /is not an email address/);
    assert.ok(!html.includes('<b>bad'), 'input is escaped');
    assert.match(html, /value="x"/, 'the visitor keeps what they typed');
  });

  it('manage page: shows and saves preferences behind its token; unknown tokens get a friendly 404', async () => {
    const sub = (await getSubscriberByEmail(opened.db, 'reader1@known.org'))!;
    const url = new URL(await issueManageUrl({ db: opened.db, config: loadConfig({ PUBLIC_URL: 'https://pb.test' }) }, sub.id, Date.now()));
    const page = await app.request(url.pathname);
    assert.equal(page.status, 200);
    assert.equal(page.headers.get('referrer-policy'), 'no-referrer');
    const cookie = page.headers.get('set-cookie')!.split(';')[0]!;
    const html = await page.text();
    assert.match(html, /reader1@known\.org/);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
    const saved = await app.request(url.pathname, {
      method: 'POST',
      body: `_csrf=${encodeURIComponent(csrf)}&frequency=weekly&weekday=3&categories=cs.CV&categories_other=math.OC&keywords=robots`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, 'x-forwarded-for': '5.5.5.5' },
    });
    assert.equal(saved.status, 200);
    assert.match(await saved.text(), /Saved\./);
    const after = (await getSubscriberByEmail(opened.db, 'reader1@known.org'))!;
    assert.equal(after.weekday, 3);
    assert.deepEqual(after.topics, { categories: ['cs.CV', 'math.OC'], keywords: ['robots'], query: null });
    assert.equal((await app.request('/subscription/not-a-real-token')).status, 404);
    assert.equal((await app.request(`/unsubscribe/${'A'.repeat(43)}`)).status, 404);
    // The unsubscribe page for humans asks first; a GET changes nothing.
    const unsubPage = await app.request(`/unsubscribe${url.pathname.slice('/subscription'.length)}`);
    assert.match(await unsubPage.text(), /<button type="submit">Unsubscribe<\/button>/);
    assert.equal((await getSubscriberByEmail(opened.db, 'reader1@known.org'))!.state, 'confirmed');
  });

  it('admin page: anonymous visitors are sent to sign in; the renderer shows counts, runs, failures, suppressions', async () => {
    const res = await app.request('/admin/digests');
    assert.equal(res.status, 303);
    assert.match(res.headers.get('location')!, /^\/signin/);
    const html = renderAdminDigestsPage({
      csrfToken: 't',
      viewer: { id: 1, name: 'root', email: 'r@x.org', role: 'admin' },
      data: {
        subscribers: [
          { state: 'confirmed', frequency: 'daily', count: 7 },
          { state: 'confirmed', frequency: 'weekly', count: 2 },
        ],
        runs: [{ id: 1, period: 'daily', dueOn: '2025-12-02', windowFrom: '2025-12-01', windowTo: '2025-12-02', state: 'done', createdAt: 0, finishedAt: 0, counts: { sent: 9 } }],
        problems: [{ runId: 1, dueOn: '2025-12-02', period: 'daily', email: 'x@y.org', state: 'failed', attempts: 10, smtpCode: 451, lastError: '<try later>', nextAttemptAt: 0 }],
        suppressions: [{ email: 'gone@y.org', reason: 'SMTP 550', smtp_code: 550, created_at: 0 }],
        suppressionCount: 1,
      },
    });
    assert.match(html, /<th scope="row">confirmed<\/th><td>7<\/td><td>2<\/td><td>9<\/td>/);
    assert.match(html, /2025-12-02/);
    assert.match(html, /&lt;try later&gt;/);
    assert.match(html, /gone@y\.org/);
  });
});
