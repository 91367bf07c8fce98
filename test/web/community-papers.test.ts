// Members acting on papers through forms and the API: submit, upvote, comment (inert XSS), moderate.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { sharedData, suiteTestDatabase, type OpenedTestDb } from '../helpers/db.ts';
import { startSmtpServer, type SmtpServerHandle } from '../helpers/smtp-server.ts';
import { WebClient } from '../helpers/web-client.ts';
import { communityApp as baseApp, signInByMail } from '../helpers/community.ts';
import { paperInput } from '../helpers/papers.ts';
import { upsertPapers } from '../../src/store/papers.ts';
import { findOrCreateUser } from '../../src/community/accounts.ts';
import { hashSecret } from '../../src/community/secrets.ts';
import { insertApiToken } from '../../src/store/auth-tokens.ts';
import { newApiToken } from '../../src/web/handlers/account-handlers.ts';
import { startArxivApiServer, type ArxivApiServer } from '../helpers/arxiv-api-server.ts';
import { getPaper } from '../../src/store/papers.ts';

const DAY = 86_400_000;

// Submissions of papers missing from the catalog are answered by the recorded arXiv API responses.
describe('papers and the community', { skip: existsSync(sharedData) ? false : 'needs ../shared/data' }, () => {
  let t: OpenedTestDb;
  let smtp: SmtpServerHandle;
  let arxiv: ArxivApiServer;
  // Every app here looks papers missing from the catalog up on the recorded arXiv API.
  const communityApp = (db: typeof t.db, s: SmtpServerHandle, opts: Parameters<typeof baseApp>[2] = {}) =>
    baseApp(db, s, { ...opts, env: { ARXIV_API_URL: arxiv.url, ARXIV_MIN_INTERVAL_MS: '0', ...opts.env } });
  before(async () => {
    [t, smtp, arxiv] = await Promise.all([suiteTestDatabase().open(), startSmtpServer(), startArxivApiServer()]);
    const now = Date.now();
    await upsertPapers(t.db, [
      paperInput({ id: '2511.00001', title: 'Fresh paper', publishedAt: now - DAY }),
      paperInput({ id: '2511.00002', title: 'Second fresh paper', publishedAt: now - 2 * DAY }),
      paperInput({ id: '2511.00003', title: 'Third fresh paper', publishedAt: now - 2 * DAY }),
      paperInput({ id: '2401.00001', title: 'Old paper', publishedAt: now - 300 * DAY }),
    ]);
  });
  after(async () => {
    await arxiv.close();
    await smtp.stop();
    await t.close();
  });

  test('a member submits, upvotes (toggle, idempotent) and comments; another member sees it all', async () => {
    const app = communityApp(t.db, smtp, { env: { SUBMISSIONS_PER_DAY: '2' } });
    const alice = new WebClient(app, 'ip-alice');
    await signInByMail(alice, smtp, 'alice@example.org');
    assert.equal((await alice.get('/submit')).status, 200);
    const submitted = await alice.post('/submit', { paper: 'https://arxiv.org/abs/2511.00001v2' });
    assert.equal(submitted.status, 303);
    assert.equal(submitted.headers.get('location'), '/papers/2511.00001');
    const again = await alice.post('/submit', { paper: '2511.00001' });
    assert.equal(again.status, 400);
    assert.match(await again.text(), /already on Daily Papers \(featured on \d{4}-\d{2}-\d{2}\)/);
    const old = await alice.post('/submit', { paper: '2401.00001' });
    assert.match(await old.text(), /only papers from the last 14 days can be submitted/);
    const unknown = await alice.post('/submit', { paper: '2511.99999' });
    assert.equal(unknown.status, 404);
    assert.match(await unknown.text(), /could not be found/);
    const junk = await alice.post('/submit', { paper: 'hello' });
    assert.match(await junk.text(), /is not an arXiv id or arXiv URL/);
    assert.equal((await alice.post('/submit', { paper: '2511.00002' })).status, 303);
    const capped = await alice.post('/submit', { paper: '2511.00003' });
    assert.match(await capped.text(), /today&#39;s limit of 2 submissions/);

    await alice.get('/papers/2511.00001');
    assert.equal((await alice.post('/papers/2511.00001/upvote', { vote: '1' })).status, 303);
    assert.equal((await alice.post('/papers/2511.00001/upvote', { vote: '1' })).status, 303, 'a repeated upvote changes nothing');
    const page = await alice.get('/papers/2511.00001');
    assert.match(page.html, /aria-pressed="true"[^>]*>▲ <span data-upvote-count[^>]*>1</);
    assert.match(page.html, /submitted by alice/i);
    assert.equal((await alice.post('/papers/2511.00001/comments', { body: 'Nice **result**' })).status, 303);
    const withComment = await alice.get('/papers/2511.00001');
    assert.match(withComment.html, /<strong>result<\/strong>/);
    const profile = await alice.get('/u/alice');
    assert.match(profile.html, /Submitted[\s\S]*Fresh paper[\s\S]*Upvoted[\s\S]*Fresh paper/);

    const bob = new WebClient(app, 'ip-bob');
    await signInByMail(bob, smtp, 'bob@example.org');
    const seen = await bob.get('/papers/2511.00001');
    assert.match(seen.html, /aria-pressed="false"[^>]*>▲ <span data-upvote-count[^>]*>1</);
    assert.match(seen.html, /Nice <strong>result<\/strong>/);
    await bob.post('/papers/2511.00001/upvote', { vote: '1' });
    assert.equal((await (await app.request('/api/papers/2511.00001')).json()).upvotes, 2);
    await bob.post('/papers/2511.00001/upvote', { vote: '0' });
    assert.equal((await (await app.request('/api/papers/2511.00001')).json()).upvotes, 1);
  });

  test('comment XSS payloads render inert on the paper page; authors edit and delete, others cannot', async () => {
    const app = communityApp(t.db, smtp);
    const mallory = new WebClient(app, 'ip-mallory');
    await signInByMail(mallory, smtp, 'mallory@example.org');
    await mallory.get('/papers/2511.00002');
    const payload = '<script>alert(1)</script> <img src=x onerror=alert(2)> [x](javascript:alert(3)) "><svg onload=alert(4)>';
    const posted = await mallory.post('/papers/2511.00002/comments', { body: payload });
    assert.equal(posted.status, 303);
    const commentId = /#comment-(\d+)/.exec(posted.headers.get('location')!)![1];
    const html = (await mallory.get('/papers/2511.00002')).html;
    const start = html.indexOf('class="discussion"');
    const discussion = html.slice(start, html.indexOf('</section>', start));
    assert.doesNotMatch(discussion, /<(script|img|svg)\b|href="javascript:|<[^>]*\son\w+=/i);
    assert.match(discussion, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);

    const eve = new WebClient(app, 'ip-eve');
    await signInByMail(eve, smtp, 'eve@example.org');
    await eve.get('/papers/2511.00002');
    assert.equal((await eve.post(`/comments/${commentId}/edit`, { body: 'hijacked' })).status, 403);
    assert.equal((await eve.post(`/comments/${commentId}/delete`)).status, 403);
    assert.equal((await eve.post(`/comments/${commentId}/hide`)).status, 403, 'members cannot hide');
    assert.equal((await mallory.post(`/comments/${commentId}/edit`, { body: 'Edited, sorry' })).status, 303);
    assert.match((await eve.get('/papers/2511.00002')).html, /edited<\/span>[\s\S]*Edited, sorry/);
    const reply = await eve.post('/papers/2511.00002/comments', { body: 'a reply', parent: commentId });
    assert.equal(reply.status, 303);
    assert.equal((await mallory.post(`/comments/${commentId}/delete`)).status, 303);
    const after = (await eve.get('/papers/2511.00002')).html;
    assert.match(after, /\[deleted\][\s\S]*a reply/, 'replies stay under a deleted comment');
  });

  test('comments past the rate limit answer 429', async () => {
    const app = communityApp(t.db, smtp);
    const chatty = new WebClient(app, 'ip-chatty');
    await signInByMail(chatty, smtp, 'chatty@example.org');
    await chatty.get('/papers/2511.00003');
    const statuses = [];
    for (let i = 0; i < 7; i++) statuses.push((await chatty.post('/papers/2511.00003/comments', { body: `comment ${i}` })).status);
    assert.deepEqual(statuses, [303, 303, 303, 303, 303, 429, 429]);
  });

  test('API tokens: submit, set and clear upvotes idempotently; a bad token is refused', async () => {
    const app = communityApp(t.db, smtp);
    const user = await findOrCreateUser(t.db, 'api@example.org', 'curator', 'apiuser');
    const token = newApiToken();
    await insertApiToken(t.db, { hash: hashSecret(token), userId: user.id, name: 'test' });
    const call = (method: string, path: string, body?: unknown, auth = `Bearer ${token}`) =>
      app.request(path, { method, headers: { authorization: auth, 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
    const sub = await call('POST', '/api/papers/submit', { id: '2401.00001' });
    assert.equal(sub.status, 201, 'curators may feature old papers');
    assert.deepEqual(await sub.json(), { id: '2401.00001', featuredOn: new Date().toISOString().slice(0, 10), submittedBy: 'apiuser' });
    const dup = await call('POST', '/api/papers/submit', { id: '2401.00001' });
    assert.equal(dup.status, 400);
    assert.match((await dup.json()).error, /already on Daily Papers/);
    for (let i = 0; i < 2; i++) {
      const up = await call('POST', '/api/papers/2401.00001/upvote');
      assert.deepEqual(await up.json(), { id: '2401.00001', upvotes: 1, upvoted: true });
    }
    assert.equal((await (await app.request('/api/papers/2401.00001')).json()).upvotes, 1);
    for (let i = 0; i < 2; i++) assert.equal((await (await call('DELETE', '/api/papers/2401.00001/upvote')).json()).upvotes, 0);
    assert.equal((await call('POST', '/api/papers/2401.00001/upvote', undefined, 'Bearer pbt_wrong')).status, 401);
    assert.equal((await call('POST', '/api/papers/2599.00001/upvote')).status, 404);
    assert.equal((await app.request('/api/papers/2401.00001/upvote', { method: 'POST' })).status, 403, 'no token, no CSRF header');
  });

  test('curators hide papers and comments; admins ban and approve authors; all of it is in the audit log', async () => {
    const app = communityApp(t.db, smtp);
    await findOrCreateUser(t.db, 'admin@example.org', 'admin', 'admin');
    const admin = new WebClient(app, 'ip-admin');
    await signInByMail(admin, smtp, 'admin@example.org');
    const author = new WebClient(app, 'ip-author');
    await signInByMail(author, smtp, 'author@example.org');
    await author.get('/papers/2511.00003');
    assert.equal((await author.post('/papers/2511.00003/links', { code: 'https://github.com/a/b', project: '' })).status, 403);
    assert.equal((await author.post('/papers/2511.00003/claim')).status, 303);
    assert.match((await admin.get('/admin/claims')).html, /author[\s\S]*Third fresh paper/);
    assert.equal((await admin.post('/admin/claims/approve', { paper: '2511.00003', member: 'author' })).status, 303);
    assert.equal((await author.post('/papers/2511.00003/links', { code: 'https://github.com/a/b', project: 'javascript:alert(1)' })).status, 400);
    assert.equal((await author.post('/papers/2511.00003/links', { code: 'https://github.com/a/b', project: 'https://a.example' })).status, 303);
    const api = await (await app.request('/api/papers/2511.00003')).json();
    assert.deepEqual([api.codeUrls, api.projectUrls], [['https://github.com/a/b'], ['https://a.example/']]);
    assert.match((await author.get('/u/author')).html, /Authored[\s\S]*Third fresh paper/);

    assert.equal((await author.get('/admin/audit')).status, 404, 'the audit log is for admins');
    await admin.get('/papers/2511.00003');
    const posted = await author.post('/papers/2511.00003/comments', { body: 'buy cheap watches' });
    const cid = /#comment-(\d+)/.exec(posted.headers.get('location')!)![1];
    assert.equal((await admin.post(`/comments/${cid}/hide`, { hidden: '1', reason: 'spam' })).status, 303);
    const visitor = new WebClient(app, 'ip-visitor');
    const seen = (await visitor.get('/papers/2511.00003')).html;
    assert.match(seen, /\[hidden by a moderator\]/);
    assert.doesNotMatch(seen, /cheap watches/);
    assert.equal((await admin.post('/papers/2511.00003/hide', { hidden: '1', reason: 'spam' })).status, 303);
    assert.equal((await author.get('/papers/2511.00003')).status, 404);
    assert.equal((await app.request('/api/papers/2511.00003')).status, 404);
    assert.equal((await admin.post('/u/author/ban', { banned: '1', reason: 'abuse' })).status, 303);
    assert.equal((await author.get('/settings')).status, 303, 'a banned member is signed out');
    const audit = (await admin.get('/admin/audit')).html;
    for (const action of ['approve-authorship', 'set-links', 'hide-comment', 'hide-paper', 'ban']) assert.match(audit, new RegExp(`<td>${action}</td>`));
  });

  test('a paper missing from the catalog is fetched from the arXiv API; unknown ids and an unreachable arXiv are refused clearly', async () => {
    const app = communityApp(t.db, smtp);
    const curator = await findOrCreateUser(t.db, 'fetcher@example.org', 'curator', 'fetcher');
    const token = newApiToken();
    await insertApiToken(t.db, { hash: hashSecret(token), userId: curator.id, name: 'test' });
    const submit = (id: string, a = app) =>
      a.request('/api/papers/submit', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ id }) });
    const res = await submit('https://arxiv.org/abs/2104.12255v1');
    assert.equal(res.status, 201);
    const paper = await getPaper(t.db, '2104.12255');
    assert.equal(paper?.source, 'arxiv-api');
    assert.equal(paper?.daily?.submittedBy, 'fetcher');
    assert.ok(arxiv.requests.some((u) => u.includes('id_list=2104.12255')));
    const unknown = await submit('0000.0000');
    assert.equal(unknown.status, 404);
    assert.match((await unknown.json()).error, /arXiv paper 0000.0000 could not be found/);
    const down = communityApp(t.db, smtp, { env: { ARXIV_API_URL: 'http://127.0.0.1:9/api/query' } });
    const unreachable = await submit('2402.00001', down);
    assert.equal(unreachable.status, 503);
    assert.match((await unreachable.json()).error, /arXiv could not be reached to look up 2402.00001; please try again/);
  });
});
