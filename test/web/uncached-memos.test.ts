// What the uncached path keeps between requests (rendered listing rows, the search page's recent
// answers) never shows a stale page: with the response cache off, a vote, a comment, a hide or an
// import shows on the very next page, for visitors and members alike; and kept rows are the same
// markup as rows rendered afresh.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { testDatabases, type OpenedTestDb } from '../helpers/db.ts';
import { loadHfDays } from '../helpers/hf-days.ts';
import { DAYS } from '../helpers/web-app.ts';
import { WebClient } from '../helpers/web-client.ts';
import { RateLimiter } from '../../src/web/rate-limit.ts';
import { loadConfig } from '../../src/config.ts';
import { createApp } from '../../src/web/app.ts';
import { findOrCreateUser } from '../../src/community/accounts.ts';
import { insertSession } from '../../src/store/auth-tokens.ts';
import { hashSecret, newSecret } from '../../src/community/secrets.ts';
import { getPapersByIds, upsertPapers } from '../../src/store/papers.ts';
import { createSearchService } from '../../src/search/service.ts';
import { CORPUS } from '../helpers/search-corpus.ts';
import { PaperList, createRowMemo } from '../../src/web/components/paper-row.tsx';
import { UpvoteForm } from '../../src/web/components/upvote-form.tsx';
import { raw } from 'hono/html';
import { openDb, sql, type Db } from '../../src/db/db.ts';
import { addStarSnapshots, getPaperMainRepo, linkPaperRepos, updateRepoCheck, upsertRepos } from '../../src/store/repos.ts';
import { upsertLinkOverride } from '../../src/store/paper-community.ts';
import { createPaperPageMemo, renderPaperPage } from '../../src/web/pages/paper-page.tsx';

/** One row's text, by paper id, as listed. */
function rowOf(html: string, id: string): string {
  const row = html.split(/<li class="paper-(?:row|card)">/).slice(1).find((r) => r.includes(`href="/papers/${id}"`));
  assert.ok(row, `${id} is listed`);
  return row.slice(0, row.indexOf('</li>'));
}
const upvotesIn = (row: string) => Number(/data-upvote-count="true">(\d+)</.exec(row)![1]);
const commentsIn = (row: string) => Number(/<\/svg> (\d+)<span class="visually-hidden"> comments?/.exec(row)![1]);
const firstListed = (html: string) => /<li class="paper-row">.*?href="\/papers\/([^"#]+)"/s.exec(html)![1]!;
/** Ids of the listed rows that show a star history (a sparkline, or the change in words). */
const withStars = (html: string) =>
  html.split(/<li class="paper-(?:row|card)">/).slice(1).filter((r) => /class="(?:sparkline|star-change)"/.test(r)).map((r) => /href="\/papers\/([^"#]+)"/.exec(r)![1]!);
/** What a row's star history says in words: its sparkline's label or its star change's title. */
const starsIn = (row: string) => /class="(?:sparkline|star-change)"[^>]*(?:aria-label|title)="([^"]*)"/.exec(row)?.[1] ?? null;
/** The paper page's chart: its title and description. */
const chartOf = (html: string) => {
  const m = /<svg class="star-chart".*?<title[^>]*>([^<]*)<\/title><desc[^>]*>([^<]*)<\/desc>/s.exec(html);
  return m ? `${m[1]} | ${m[2]}` : null;
};
const DAY_MS = 86_400_000;

async function member(db: Db, app: ReturnType<typeof createApp>, name: string, role: 'member' | 'curator' = 'member'): Promise<WebClient> {
  const user = await findOrCreateUser(db, `${name}@example.org`, role, name);
  const secret = newSecret();
  await insertSession(db, { hash: hashSecret(secret), userId: user.id, expiresAt: Date.now() + 3_600_000 });
  const client = new WebClient(app);
  client.cookies.set('pb_session', secret);
  return client;
}

const uncached = () => loadConfig({ DEMO_DIR: '', PUBLIC_URL: 'http://localhost', SECRET_KEY: 'test-secret', RESPONSE_CACHE_ENTRIES: '0' });

for (const database of testDatabases()) {
  describe(`kept rows and answers, response cache off (${database.name})`, () => {
    let t: OpenedTestDb;
    before(async () => {
      t = await database.open();
      await loadHfDays(t.db, DAYS);
    });
    after(() => t?.close());

    test("a vote shows at once on the listings' kept rows, for visitors and for the member", async () => {
      const app = createApp({ db: t.db, config: uncached(), limiter: new RateLimiter(), mailer: null });
      const alice = await member(t.db, app, 'alice');
      for (const path of ['/', '/papers/date/2025-12-29', '/papers/week/2025-W52?sort=upvotes']) {
        const html = await (await app.request(path)).text();
        const id = firstListed(html);
        const before = upvotesIn(rowOf(html, id));
        // Twice, so the second page comes from kept rows.
        assert.equal(upvotesIn(rowOf(await (await app.request(path)).text(), id)), before, path);
        await alice.get(path);
        assert.equal((await alice.post(`/papers/${id}/upvote`, { vote: '1' })).status, 303);
        assert.equal(upvotesIn(rowOf(await (await app.request(path)).text(), id)), before + 1, `${path}: the visitor sees the vote`);
        const mine = rowOf((await alice.get(path)).html, id);
        assert.equal(upvotesIn(mine), before + 1, `${path}: the member sees it`);
        assert.match(mine, /aria-pressed="true"/, `${path}: as her own`);
        assert.doesNotMatch(rowOf(await (await app.request(path)).text(), id), /aria-pressed/, `${path}: the visitor's row has no toggle of hers`);
        assert.equal((await alice.post(`/papers/${id}/upvote`, { vote: '0' })).status, 303);
        assert.equal(upvotesIn(rowOf(await (await app.request(path)).text(), id)), before, `${path}: taken back`);
      }
    });

    // A day's page is compressed on the request's thread; a week of 100 (165 kB of JSON) off it.
    for (const path of ['/api/daily_papers?date=2025-12-29', '/api/daily_papers?week=2025-W52&limit=100'])
    test(`a kept /api/daily_papers page's bytes, ETag and compressed forms follow its text: a vote changes all of them at once (${path})`, async () => {
      const app = createApp({ db: t.db, config: uncached(), limiter: new RateLimiter(), mailer: null });
      const read = async (encoding: string) => {
        const res = await app.request(path, { headers: { 'accept-encoding': encoding } });
        const bytes = Buffer.from(await res.arrayBuffer());
        const text = res.headers.get('content-encoding') === 'gzip' ? gunzipSync(bytes).toString() : res.headers.get('content-encoding') === 'br' ? brotliDecompressSync(bytes).toString() : bytes.toString();
        return { text, etag: res.headers.get('etag')!, encoding: res.headers.get('content-encoding') };
      };
      const plain = await read('identity');
      if (path.includes('week')) assert.ok(plain.text.length > 128 * 1024, `the week's answer is large: ${plain.text.length} characters`);
      for (let i = 0; i < 2; i++) {
        for (const enc of ['gzip', 'br']) {
          const got = await read(enc);
          assert.equal(got.encoding, enc);
          assert.equal(got.text, plain.text, `${enc}, time ${i + 1}: the same JSON`);
          assert.equal(got.etag, plain.etag);
        }
      }
      const revalidated = await app.request(path, { headers: { 'if-none-match': plain.etag } });
      assert.equal(revalidated.status, 304);
      const id = (JSON.parse(plain.text) as { paper: { id: string; upvotes: number } }[])[0]!.paper.id;
      const before = (JSON.parse(plain.text) as { paper: { id: string; upvotes: number } }[])[0]!.paper.upvotes;
      const erin = await member(t.db, app, 'erin');
      await erin.get('/papers/date/2025-12-29');
      assert.equal((await erin.post(`/papers/${id}/upvote`, { vote: '1' })).status, 303);
      for (const enc of ['identity', 'gzip', 'br']) {
        const after = await read(enc);
        const item = (JSON.parse(after.text) as { paper: { id: string; upvotes: number } }[]).find((x) => x.paper.id === id)!;
        assert.equal(item.paper.upvotes, before + 1, `${enc}: the vote is in the next answer`);
        assert.notEqual(after.etag, plain.etag, `${enc}: with a new ETag`);
      }
      assert.equal((await app.request(path, { headers: { 'if-none-match': plain.etag } })).status, 200, 'the old ETag no longer matches');
      assert.equal((await erin.post(`/papers/${id}/upvote`, { vote: '0' })).status, 303);
    });

    test('a comment shows at once in the rows of the listings', async () => {
      const app = createApp({ db: t.db, config: uncached(), limiter: new RateLimiter(), mailer: null });
      const bob = await member(t.db, app, 'bob');
      const path = '/papers/date/2025-12-29';
      const html = await (await app.request(path)).text();
      const id = firstListed(html);
      const before = commentsIn(rowOf(html, id));
      await (await app.request(path)).text();
      await bob.get(`/papers/${id}`);
      assert.equal((await bob.post(`/papers/${id}/comments`, { body: 'A kept row must count this comment.' })).status, 303);
      assert.equal(commentsIn(rowOf(await (await app.request(path)).text(), id)), before + 1);
    });

    test('an import changing a listed paper shows at once', async () => {
      const app = createApp({ db: t.db, config: uncached(), limiter: new RateLimiter(), mailer: null });
      const path = '/papers/date/2025-12-29';
      const html = await (await app.request(path)).text();
      const id = firstListed(html);
      await (await app.request(path)).text();
      const [paper] = await getPapersByIds(t.db, [id]);
      await upsertPapers(t.db, [{ ...paper!, title: 'A title changed by a later import' }]);
      assert.match(rowOf(await (await app.request(path)).text(), id), /A title changed by a later import/);
    });

    test("a hide changes a day's count and list at once; an import of a later day moves /papers and the API to it", async () => {
      const app = createApp({ db: t.db, config: uncached(), limiter: new RateLimiter(), mailer: null });
      const count = (html: string) => Number(/<p class="muted listing-summary">\s*(\d+) papers?/.exec(html)![1]);
      const path = '/papers/date/2025-12-29';
      const html = await (await app.request(path)).text();
      const id = firstListed(html);
      const before = count(html);
      const apiTotal = async () => Number((await app.request('/api/daily_papers?date=2025-12-29')).headers.get('x-total-count'));
      assert.equal(await apiTotal(), before);
      const curator = await member(t.db, app, 'cura', 'curator');
      await curator.get(`/papers/${id}`);
      assert.equal((await curator.post(`/papers/${id}/hide`, { hidden: '1' })).status, 303);
      const hidden = await (await app.request(path)).text();
      assert.equal(count(hidden), before - 1, 'the count drops');
      assert.doesNotMatch(hidden, new RegExp(`href="/papers/${id.replace('.', '\\.')}"`), 'the paper is gone');
      assert.equal(await apiTotal(), before - 1, 'in the API too');
      assert.equal((await curator.post(`/papers/${id}/hide`, { hidden: '0' })).status, 303);
      assert.equal(count(await (await app.request(path)).text()), before);
      // A later day arrives by import: the latest day's page and API follow at once.
      await (await app.request('/papers')).text();
      const [paper] = await getPapersByIds(t.db, [id]);
      await upsertPapers(t.db, [{ ...paper!, id: '2601.00001', title: 'Featured on a later day', daily: { ...paper!.daily!, featuredOn: '2026-01-05' } }]);
      assert.match(await (await app.request('/papers')).text(), /Featured on a later day/);
      assert.match(await (await app.request('/api/daily_papers')).text(), /Featured on a later day/);
    });

    test("star histories kept between requests: another process's snapshot, link or unlink shows on the very next front page", async () => {
      const app = createApp({ db: t.db, config: uncached(), limiter: new RateLimiter(), mailer: null });
      // Written through another connection to the database, as a harvest in another process does.
      const other = await openDb(t.url);
      try {
        const page = async () => (await app.request('/')).text();
        const first = await page();
        const id = withStars(first)[0]!;
        assert.ok(id, 'a listed paper shows its star history');
        const before = starsIn(rowOf(first, id))!;
        // Again: now the sparklines are the kept ones.
        assert.equal(starsIn(rowOf(await page(), id)), before);
        const repo = (await getPaperMainRepo(t.db, id))!;
        const last = Date.parse(/on (\d{4}-\d{2}-\d{2})/.exec(before)![1]!);
        await addStarSnapshots(other, [{ repoId: repo.id, at: last + DAY_MS, stars: 4321, source: 'github' }]);
        const snapped = starsIn(rowOf(await page(), id))!;
        assert.match(snapped, /to 4,321 on/, `the new snapshot is in the row: ${snapped}`);
        assert.equal(starsIn(rowOf(await page(), id)), snapped, 'and kept');
        // A more-starred repository becomes the paper's: its history is the row's from the next page on.
        const bigger = (await upsertRepos(other, [{ url: 'https://github.com/s/bigger', fullName: 's/bigger' }])).get('https://github.com/s/bigger')!;
        await updateRepoCheck(other, bigger, { status: 'ok', stars: 99_000, etag: null, renamedTo: null, at: last });
        await addStarSnapshots(other, [0, 1, 2].map((d) => ({ repoId: bigger, at: last + d * DAY_MS, stars: 97_000 + d * 1000, source: 'github' })));
        assert.equal(starsIn(rowOf(await page(), id)), snapped, 'not its repository yet');
        await linkPaperRepos(other, [{ paperId: id, repoId: bigger }]);
        assert.match(starsIn(rowOf(await page(), id))!, /from 97,000 .* to 99,000 /, 'linked: the bigger repository\'s history');
        assert.match(rowOf(await page(), id), /<svg class="sparkline"/, 'drawn as a line (three snapshots)');
        await other.run(sql`DELETE FROM paper_repos WHERE paper_id = ${id} AND repo_id = ${bigger}`);
        assert.equal(starsIn(rowOf(await page(), id)), snapped, 'unlinked: back to its own');
        await other.run(sql`DELETE FROM star_snapshots WHERE repo_id = ${repo.id} AND at = ${last + DAY_MS}`);
        assert.equal(starsIn(rowOf(await page(), id)), before, 'the snapshot deleted: as it was');
      } finally {
        await other.close();
      }
    });

    test("a paper page's kept chart: another process's snapshot, link and rename show on the very next page", async () => {
      const app = createApp({ db: t.db, config: uncached(), limiter: new RateLimiter(), mailer: null });
      const other = await openDb(t.url);
      try {
        const id = withStars(await (await app.request('/')).text())[1]!;
        const path = `/papers/${id}`;
        const page = async () => chartOf(await (await app.request(path)).text());
        const before = (await page())!;
        assert.match(before, /^GitHub stars of /);
        assert.equal(await page(), before, 'kept');
        const repo = (await getPaperMainRepo(t.db, id))!;
        const last = Date.parse(/on (\d{4}-\d{2}-\d{2})/.exec(before)![1]!);
        await addStarSnapshots(other, [1, 2].map((d) => ({ repoId: repo.id, at: last + d * DAY_MS, stars: 500 + d, source: 'github' })));
        const snapped = (await page())!;
        assert.match(snapped, /to 502 on .*, 3 snapshots\./, `the chart has the new snapshots: ${snapped}`);
        assert.equal(await page(), snapped, 'and is kept');
        const bigger = (await upsertRepos(other, [{ url: 'https://github.com/p/bigger', fullName: 'p/bigger' }])).get('https://github.com/p/bigger')!;
        await updateRepoCheck(other, bigger, { status: 'ok', stars: 7000, etag: null, renamedTo: null, at: last });
        await addStarSnapshots(other, [{ repoId: bigger, at: last, stars: 7000, source: 'github' }]);
        assert.equal(await page(), snapped, 'not its repository yet');
        await linkPaperRepos(other, [{ paperId: id, repoId: bigger }]);
        assert.match((await page())!, /^GitHub stars of p\/bigger \| 7,000 GitHub stars on/, 'linked: the bigger repository\'s chart');
        await updateRepoCheck(other, bigger, { status: 'renamed', stars: 7000, etag: null, renamedTo: 'p/renamed', at: last + DAY_MS });
        assert.match((await page())!, /^GitHub stars of p\/renamed \|/, 'renamed on GitHub: the chart says so');
        await other.run(sql`DELETE FROM paper_repos WHERE paper_id = ${id} AND repo_id = ${bigger}`);
        assert.equal(await page(), snapped, 'unlinked: its own chart again');
      } finally {
        await other.close();
      }
    });

    test('/api/daily_papers, read with the version it kept facts for: an import shows in the very next answer (a later latest day, a larger count)', async () => {
      const app = createApp({ db: t.db, config: uncached(), limiter: new RateLimiter(), mailer: null });
      const ids = async (path: string) => (JSON.parse(await (await app.request(path)).text()) as { paper: { id: string } }[]).map((x) => x.paper.id);
      const total = async (path: string) => Number((await app.request(path)).headers.get('x-total-count'));
      // Twice each, so the second answer uses the facts kept for this version (latest day, count).
      const latest = await ids('/api/daily_papers');
      assert.deepEqual(await ids('/api/daily_papers'), latest);
      const dayPath = '/api/daily_papers?date=2025-12-29&limit=1';
      const before = await total(dayPath);
      assert.equal(await total(dayPath), before);
      const [paper] = await getPapersByIds(t.db, [latest[0]!]);
      await upsertPapers(t.db, [{ ...paper!, id: '2612.00077', title: 'Added to a kept day', daily: { ...paper!.daily!, featuredOn: '2025-12-29' } }]);
      assert.equal(await total(dayPath), before + 1, 'the day counts the imported paper at once');
      assert.ok((await ids('/api/daily_papers?date=2025-12-29&limit=100')).includes('2612.00077'));
      await upsertPapers(t.db, [{ ...paper!, id: '2612.00078', title: 'Featured on the latest day of all', daily: { ...paper!.daily!, featuredOn: '2026-12-01' } }]);
      assert.deepEqual(await ids('/api/daily_papers'), ['2612.00078'], 'the default answer moves to the new latest day at once');
    });

    test('kept rows are the markup of rows rendered afresh, for visitors and members, list and grid', async () => {
      const papers = await getPapersByIds(t.db, [firstListed(await (await createApp({ db: t.db, config: uncached(), mailer: null }).request('/papers/date/2025-12-29')).text())]);
      const memo = createRowMemo();
      const upvote = (member: boolean) => (p: (typeof papers)[number]) =>
        UpvoteForm({ paperId: p.id, upvotes: 3, upvoted: member, viewer: member ? { id: 1, name: 'x', email: '', role: 'member' } : null, csrfToken: 'tok' });
      for (const view of ['list', 'grid'] as const) {
        for (const who of [false, true]) {
          const props = { papers, view, ranked: true, label: 'Rows "quoted" & <b>', upvote: upvote(who), why: () => 'a reason', sparkline: () => raw('<svg></svg>') };
          const fresh = String(PaperList(props));
          assert.equal(String(PaperList({ ...props, memo })), fresh, `${view}, member: ${who}, rendered`);
          assert.equal(String(PaperList({ ...props, memo })), fresh, `${view}, member: ${who}, kept`);
          assert.equal(String(PaperList({ ...props, upvote: undefined, memo })), String(PaperList({ ...props, upvote: undefined })), `${view}: without a toggle`);
        }
      }
    });
  });

  describe(`visitors' whole pages kept (${database.name})`, () => {
    let t: OpenedTestDb;
    before(async () => {
      t = await database.open();
      await loadHfDays(t.db, DAYS);
    });
    after(() => t?.close());

    const asVisitor = async (app: ReturnType<typeof createApp>, path: string, token: string, gzip = false) => {
      const res = await app.request(path, { headers: { cookie: `pb_csrf=${token}`, ...(gzip ? { 'accept-encoding': 'gzip' } : {}) } });
      const bytes = Buffer.from(await res.arrayBuffer());
      return res.headers.get('content-encoding') === 'gzip' ? gunzipSync(bytes).toString() : bytes.toString();
    };
    const tokenIn = (html: string) => [...html.matchAll(/name="_csrf" value="([^"]+)"/g)].map((m) => m[1]);

    test("a kept listing page is the page rendered afresh, with each visitor's own token, plain and gzipped, for every window, period and view", async () => {
      const kept = createApp({ db: t.db, config: uncached(), limiter: new RateLimiter(), mailer: null });
      const [a, b] = ['a'.repeat(43), 'b'.repeat(43)];
      // Paper pages too: one with a comment (the discussion is part of what is kept).
      const listed = [...new Set([...(await asVisitor(kept, '/papers/date/2025-12-29', a)).matchAll(/href="\/papers\/(\d{4}\.\d{5})"/g)].map((m) => m[1]!))];
      const dana = await member(t.db, kept, 'dana');
      await dana.get(`/papers/${listed[0]}`);
      assert.equal((await dana.post(`/papers/${listed[0]}/comments`, { body: 'Kept & <escaped> text.' })).status, 303);
      const paperPaths = listed.slice(0, 3).map((id) => `/papers/${id}`);
      for (const path of ['/', '/?window=day', '/?window=month', '/?p=1', '/papers', '/papers/date/2025-12-22', '/papers/week/2025-W52?sort=upvotes', '/papers/month/2025-12?sort=publishedAt&p=1', '/papers/date/2020-01-01', ...paperPaths]) {
        for (const view of ['list', 'grid']) {
          const cookie = (tok: string) => `${tok}; pb_view=${view}`;
          const first = await asVisitor(kept, path, cookie(a));
          const again = await asVisitor(kept, path, cookie(b), true);
          const fresh = await asVisitor(createApp({ db: t.db, config: uncached(), limiter: new RateLimiter(), mailer: null }), path, cookie(b));
          // Each visitor's form token (derived from their cookie) in every form of their page.
          const [ta, tb] = [new Set(tokenIn(first)), new Set(tokenIn(again))];
          assert.ok(ta.size === 1 && tb.size === 1 && [...ta][0] !== [...tb][0], `${path} ${view}: one token per visitor, each their own`);
          assert.equal(again, fresh, `${path} ${view}: the kept page is the fresh one`);
          assert.equal(first.replaceAll([...ta][0]!, [...tb][0]!), fresh, `${path} ${view}: token aside, the same page`);
        }
      }
    });

    for (const path of ['/', '/papers/date/2025-12-29'])
    test(`a kept listing page follows a vote, a comment and a hide on the very next request, plain and gzipped (${path})`, async () => {
      const app = createApp({ db: t.db, config: uncached(), limiter: new RateLimiter(), mailer: null });
      const tok = 'c'.repeat(43);
      const before = await asVisitor(app, path, tok);
      const id = firstListed(before);
      const bob = await member(t.db, app, 'bob');
      const curator = await member(t.db, app, 'cora', 'curator');
      await bob.get(path);
      assert.equal((await bob.post(`/papers/${id}/upvote`, { vote: '1' })).status, 303);
      for (const gzip of [false, true]) assert.equal(upvotesIn(rowOf(await asVisitor(app, path, tok, gzip), id)), upvotesIn(rowOf(before, id)) + 1, `gzip ${gzip}: the vote`);
      await bob.get(`/papers/${id}`);
      assert.equal((await bob.post(`/papers/${id}/comments`, { body: 'A kept page must show this.' })).status, 303);
      for (const gzip of [false, true]) assert.equal(commentsIn(rowOf(await asVisitor(app, path, tok, gzip), id)), commentsIn(rowOf(before, id)) + 1, `gzip ${gzip}: the comment`);
      await curator.get(`/papers/${id}`);
      assert.equal((await curator.post(`/papers/${id}/hide`, { hidden: '1', reason: 'test' })).status, 303);
      for (const gzip of [false, true]) assert.doesNotMatch(await asVisitor(app, path, tok, gzip), new RegExp(`href="/papers/${id}"`), `gzip ${gzip}: the hidden paper is gone`);
      assert.equal((await curator.post(`/papers/${id}/hide`, { hidden: '0' })).status, 303);
      assert.match(await asVisitor(app, path, tok, true), new RegExp(`href="/papers/${id}"`), 'back when unhidden');
    });
  });

  describe(`the search page's kept answers (${database.name})`, () => {
    let t: OpenedTestDb;
    let app: ReturnType<typeof createApp>;
    before(async () => {
      t = await database.open();
      await upsertPapers(t.db, CORPUS);
      const search = createSearchService(t.db, { refreshMs: 0 });
      app = createApp({ db: t.db, config: uncached(), search, limiter: new RateLimiter(), mailer: null });
    });
    after(() => t?.close());

    test('a hidden paper leaves the results at once; unhidden, it is back', async () => {
      const path = '/search?q=diffusion&mode=keyword';
      const first = await (await app.request(path)).text();
      assert.match(first, /href="\/papers\/2402\.00003"/);
      const tokenless = (html: string) => html.replace(/name="_csrf" value="[^"]*"/g, '');
      assert.equal(tokenless(await (await app.request(path)).text()), tokenless(first), 'the same answer again');
      const curator = await member(t.db, app, 'cur', 'curator');
      await curator.get('/papers/2402.00003');
      assert.equal((await curator.post('/papers/2402.00003/hide', { hidden: '1' })).status, 303);
      assert.doesNotMatch(await (await app.request(path)).text(), /href="\/papers\/2402\.00003"/);
      assert.equal((await curator.post('/papers/2402.00003/hide', { hidden: '0' })).status, 303);
      assert.match(await (await app.request(path)).text(), /href="\/papers\/2402\.00003"/);
    });

    test("a paper page, read in one statement with its kept similar papers: a comment, a vote, a star snapshot, a link edit and a hidden neighbour show on the very next page", async () => {
      const path = '/papers/2402.00004';
      const similarIds = (html: string) => {
        const section = html.slice(html.indexOf('<section class="similar"'));
        return [...section.matchAll(/<h3>\s*<a href="\/papers\/([^"#]+)"/g)].map((m) => m[1]!);
      };
      const first = await (await app.request(path)).text();
      const neighbours = similarIds(first);
      assert.ok(neighbours.includes('2402.00003'), `a similar paper is listed: ${neighbours.join(', ')}`);
      // Again: now its neighbours are the kept ones, their stamps read with the page.
      assert.deepEqual(similarIds(await (await app.request(path)).text()), neighbours);
      const curator = await member(t.db, app, 'cur2', 'curator');
      await curator.get('/papers/2402.00003');
      assert.equal((await curator.post('/papers/2402.00003/hide', { hidden: '1' })).status, 303);
      assert.ok(!similarIds(await (await app.request(path)).text()).includes('2402.00003'), 'a hidden neighbour leaves at once');
      assert.equal((await curator.post('/papers/2402.00003/hide', { hidden: '0' })).status, 303);
      assert.ok(similarIds(await (await app.request(path)).text()).includes('2402.00003'), 'and is back when unhidden');
      // A comment and a vote by a member.
      const dana = await member(t.db, app, 'dana');
      const votes = (html: string) => Number(/data-upvote-count="true">(\d+)</.exec(html)![1]);
      const before = votes(await (await app.request(path)).text());
      await dana.get(path);
      assert.equal((await dana.post(`${path}/comments`, { body: 'The one read must show this comment.' })).status, 303);
      assert.match(await (await app.request(path)).text(), /The one read must show this comment\./);
      assert.equal((await dana.post(`${path}/upvote`, { vote: '1' })).status, 303);
      assert.equal(votes(await (await app.request(path)).text()), before + 1, 'the vote counts at once');
      assert.match((await dana.get(path)).html, /aria-pressed="true"/, 'as hers, on her uncached page');
      // Another process links a repository and records its stars: the chart shows on the next page.
      assert.doesNotMatch(await (await app.request(path)).text(), /GitHub stars of c\/latent/);
      const repos = await upsertRepos(t.db, [{ url: 'https://github.com/c/latent', fullName: 'c/latent' }]);
      const repoId = repos.get('https://github.com/c/latent')!;
      await linkPaperRepos(t.db, [{ paperId: '2402.00004', repoId }]);
      await addStarSnapshots(t.db, [0, 1, 2].map((d) => ({ repoId, at: Date.parse('2024-03-01T00:00:00Z') + d * 86_400_000, stars: 10 + d * 5, source: 'github' })));
      const charted = await (await app.request(path)).text();
      assert.match(charted, /GitHub stars of c\/latent/);
      assert.match(charted, /GitHub stars from 10 on 2024-03-01 to 20 on 2024-03-03/);
      // A curator's link edit (written by another process here) shows as the paper's code link.
      await upsertLinkOverride(t.db, { paperId: '2402.00004', codeUrl: 'https://github.com/c/latent-official', projectUrl: null, setBy: 1 });
      assert.match(await (await app.request(path)).text(), /href="https:\/\/github\.com\/c\/latent-official"/);
    });

    test("a paper page's kept content: an import changing the paper or a similar paper, and a vote on a similar paper, show on the very next page; each viewer gets their own controls", async () => {
      const path = '/papers/2402.00004';
      const similarSection = (html: string) => html.slice(html.indexOf('<section class="similar"'));
      const neighbourRow = (html: string) => rowOf(similarSection(html), '2402.00003');
      // Similar rows show their upvotes as text.
      const upvotesIn = (row: string) => Number(/title="Upvotes"><span aria-hidden="true">▲<\/span> (\d+)/.exec(row)![1]);
      // Twice: the second page comes from kept content.
      await (await app.request(path)).text();
      const kept = await (await app.request(path)).text();
      const before = upvotesIn(neighbourRow(kept));
      // An import rewrites the paper's own title and abstract.
      const [paper] = await getPapersByIds(t.db, ['2402.00004']);
      await upsertPapers(t.db, [{ ...paper!, title: 'Latent diffusion, retitled by a later import', abstract: 'An abstract with $x^2$ changed by the import.' }]);
      const imported = await (await app.request(path)).text();
      assert.match(imported, /<h1 id="paper-title">\s*Latent diffusion, retitled by a later import/);
      assert.match(imported, /An abstract with .*changed by the import\./s);
      assert.match(imported, /title = \{Latent diffusion, retitled by a later import\}/, 'the BibTeX too');
      // An import changes a similar paper's title; a member votes for it.
      const [neighbour] = await getPapersByIds(t.db, ['2402.00003']);
      await upsertPapers(t.db, [{ ...neighbour!, title: 'Diffusion models, renamed neighbour' }]);
      assert.match(neighbourRow(await (await app.request(path)).text()), /Diffusion models, renamed neighbour/);
      const erin = await member(t.db, app, 'erin2');
      await erin.get(path);
      assert.equal((await erin.post('/papers/2402.00003/upvote', { vote: '1' })).status, 303);
      assert.equal(upvotesIn(neighbourRow(await (await app.request(path)).text())), before + 1, "the neighbour's vote counts at once");
      // Kept content, each viewer's own controls: the member's toggle and the curator's hide form, a visitor's sign-in link.
      const mine = (await erin.get(path)).html;
      assert.match(mine, /<form method="post" action="\/papers\/2402\.00004\/upvote"/);
      assert.match(mine, /Did you write this paper\?/);
      const curator = await member(t.db, app, 'cur3', 'curator');
      assert.match((await curator.get(path)).html, /Hide paper/);
      const visitor = await (await app.request(path)).text();
      assert.doesNotMatch(visitor, /action="\/papers\/2402\.00004\/upvote"|Did you write this paper|Hide paper/);
      assert.equal((await erin.post('/papers/2402.00003/upvote', { vote: '0' })).status, 303);
      assert.equal(upvotesIn(neighbourRow(await (await app.request(path)).text())), before);
    });

    test('kept paper page content is the markup rendered afresh, for visitors and members', async () => {
      const [paper] = await getPapersByIds(t.db, ['2402.00004']);
      const similar = { heading: 'Similar "papers" & <b>', papers: await getPapersByIds(t.db, ['2402.00003']) };
      const memo = createPaperPageMemo();
      const frame = { publicUrl: 'http://localhost', csrfToken: 'tok', here: '/papers/2402.00004' };
      for (const viewer of [null, { id: 1, name: 'x', email: '', role: 'member' as const }]) {
        const slots = { upvote: raw('<b>up</b>'), trending: viewer ? raw('<svg>chart</svg>') : undefined, library: viewer ? 'a library' : undefined, discussion: raw('<div id="discussion"></div>') };
        const fresh = renderPaperPage({ paper: paper!, similar, ...slots, ...frame, viewer });
        assert.equal(renderPaperPage({ paper: paper!, similar, ...slots, ...frame, viewer, memo }), fresh, `viewer ${viewer?.name}: rendered`);
        assert.equal(renderPaperPage({ paper: paper!, similar, ...slots, ...frame, viewer, memo }), fresh, `viewer ${viewer?.name}: kept`);
        const without = renderPaperPage({ paper: paper!, similar, ...frame, viewer });
        assert.equal(renderPaperPage({ paper: paper!, similar, ...frame, viewer, memo }), without, 'without slots, the count as text');
      }
    });

    test("a hit's kept markup follows its paper: a title changed by an import shows on the next search page", async () => {
      const path = '/search?q=grasping&mode=keyword';
      assert.match(await (await app.request(path)).text(), /Robot grasping with tactile sensing/);
      assert.match(await (await app.request(path)).text(), /Robot grasping with tactile sensing/, 'kept');
      const [paper] = await getPapersByIds(t.db, ['2404.00008']);
      await upsertPapers(t.db, [{ ...paper!, title: 'Robot grasping with tactile sensing, revised' }]);
      assert.match(await (await app.request(path)).text(), /Robot grasping with tactile sensing, revised/);
    });

    test('an imported paper is found by the next search', async () => {
      const path = '/search?q=tokamak&mode=keyword';
      assert.doesNotMatch(await (await app.request(path)).text(), /2406\.00011/);
      await upsertPapers(t.db, [{ ...CORPUS[0]!, id: '2406.00011', title: 'Tokamak plasma control with reinforcement learning', abstract: 'Magnetic confinement of a tokamak plasma.' }]);
      assert.match(await (await app.request(path)).text(), /href="\/papers\/2406\.00011"/);
    });
  });
}
