// Collections, follows and the For-you feed over HTTP on every database: forms, pages, feeds that
// parse, exports, the Bearer-token JSON API, and the member's data export and deletion.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { parseAtomFeed, parseJsonFeed, parseRssFeed } from 'feedsmith';
import { SaxesParser } from 'saxes';
import { testDatabases, type OpenedTestDb } from '../helpers/db.ts';
import { startSmtpServer, type SmtpServerHandle } from '../helpers/smtp-server.ts';
import { WebClient } from '../helpers/web-client.ts';
import { signInByMail } from '../helpers/community.ts';
import { forYouCorpus, type ForYouCorpus } from '../helpers/for-you-corpus.ts';
import { loadConfig } from '../../src/config.ts';
import { createApp } from '../../src/web/app.ts';
import { RateLimiter } from '../../src/web/rate-limit.ts';
import { upsertPapers, getPaper } from '../../src/store/papers.ts';
import { createSearchService } from '../../src/search/service.ts';

const PUBLIC = 'http://localhost';

function wellFormedXml(xml: string): void {
  const parser = new SaxesParser();
  parser.on('error', (e) => {
    throw e;
  });
  parser.write(xml).close();
}

for (const kind of testDatabases()) {
  describe(`collections, follows and For you over HTTP on ${kind.name}`, () => {
    let t: OpenedTestDb;
    let smtp: SmtpServerHandle;
    let app: ReturnType<typeof createApp>;
    let corpus: ForYouCorpus;
    let ann: WebClient;
    let bob: WebClient;
    let annToken = '';

    const api = (path: string, init: { method?: string; body?: unknown; token?: string } = {}) =>
      app.request(path, {
        method: init.method ?? 'GET',
        headers: {
          ...(init.token !== '' ? { authorization: `Bearer ${init.token ?? annToken}` } : {}),
          ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
      });

    before(async () => {
      [t, smtp] = await Promise.all([kind.open(), startSmtpServer()]);
      corpus = forYouCorpus();
      await upsertPapers(t.db, corpus.papers);
      const config = loadConfig({ DEMO_DIR: '', SMTP_URL: smtp.url, TRUST_PROXY: '1', PUBLIC_URL: PUBLIC, SECRET_KEY: 'test-secret' });
      app = createApp({ db: t.db, config, limiter: new RateLimiter(), search: createSearchService(t.db, { refreshMs: 0 }) });
      ann = new WebClient(app, 'ip-ann');
      bob = new WebClient(app, 'ip-bob');
      await signInByMail(ann, smtp, 'ann@example.org');
      await signInByMail(bob, smtp, 'bob@example.org');
      await ann.get('/settings');
      const made = await ann.post('/settings/tokens', { name: 'cli' });
      annToken = /id="new-token">(pbt_[A-Za-z0-9_-]{43})</.exec(await made.text())![1]!;
    });
    after(async () => {
      await smtp.stop();
      await t.close();
    });

    test('a listing row saves into the reading list and then shows "Saved"', async () => {
      const id = corpus.byTopic.robots[0]!;
      const day = new Date().toISOString().slice(0, 10);
      const p = corpus.papers.find((x) => x.id === id)!;
      await upsertPapers(t.db, [{ ...p, daily: { featuredOn: day, submittedBy: null, upvotes: 3, numComments: 0, githubStars: null, aiKeywords: [], aiSummary: null } }]);
      const listing = await ann.get(`/papers/date/${day}`);
      const form = new RegExp(`<form method="post" action="/papers/${id.replace('.', '\\.')}/save" class="save inline" data-save="true">`);
      assert.match(listing.html, form);
      assert.equal((await app.request(`/papers/date/${day}`)).status, 200);
      assert.doesNotMatch(await (await app.request(`/papers/date/${day}`)).text(), /data-save/, 'visitors get no save button');
      const res = await ann.post(`/papers/${id}/save`, {});
      assert.equal(res.status, 303);
      assert.match((await ann.get(`/papers/date/${day}`)).html, new RegExp(`href="/papers/${id.replace('.', '\\.')}#collections" title="Saved`));
      const page = await ann.get(`/papers/${id}`);
      assert.match(page.html, /<h2 id="collections-title">Your collections<\/h2>/);
      assert.match(page.html, /Saved in <a href="\/collections\/\d+">Reading list<\/a>/);
      const mine = await ann.get('/collections');
      assert.match(mine.html, /Reading list<\/a> <small>private · 1 paper<\/small>/);
    });

    test('a public collection: page, notes, three feeds that parse, BibTeX and Markdown; private ones stay private', async () => {
      await ann.get('/collections');
      const created = await ann.post('/collections', { name: 'Diffusion <LMs>', public: '1' });
      assert.equal(created.status, 303);
      const path = created.headers.get('location')!;
      const cid = path.split('/').pop()!;
      await ann.get(path);
      const [a, b] = corpus.byTopic.diffusion;
      assert.equal((await ann.post(`/papers/${a}/save`, { collection: cid, note: 'Read §3 <b>first</b>' })).status, 303);
      assert.equal((await ann.post(`/papers/${b}/save`, { collection: cid })).status, 303);

      const anon = await app.request(path);
      const html = await anon.text();
      assert.equal(anon.status, 200);
      assert.match(html, /<h1>Diffusion &lt;LMs&gt;<\/h1>/);
      assert.match(html, /Note: Read §3 &lt;b&gt;first&lt;\/b&gt;/);
      assert.match(html, /type="application\/rss\+xml"/);

      const rss = await (await app.request(`/feeds/collection/${cid}.rss`)).text();
      wellFormedXml(rss);
      const r = parseRssFeed(rss);
      assert.equal(r.title, `Paperboy: ann's collection "Diffusion <LMs>"`);
      assert.deepEqual(r.items?.map((i) => i.link).sort(), [`${PUBLIC}/papers/${a}`, `${PUBLIC}/papers/${b}`].sort());
      assert.ok(r.items?.some((i) => i.description?.startsWith("ann's note: Read §3 <b>first</b>")));
      const atom = await (await app.request(`/feeds/collection/${cid}.atom`)).text();
      wellFormedXml(atom);
      assert.equal(parseAtomFeed(atom).entries?.length, 2);
      const json = parseJsonFeed(JSON.parse(await (await app.request(`/feeds/collection/${cid}.json`)).text()));
      assert.equal(json.items?.length, 2);
      assert.equal(json.feed_url, `${PUBLIC}/feeds/collection/${cid}.json`);

      const bib = await (await app.request(`${path}/bibtex`)).text();
      assert.equal((bib.match(/^@misc\{/gm) ?? []).length, 2);
      const keys = [...bib.matchAll(/^@misc\{([^,]+),/gm)].map((m) => m[1]);
      assert.equal(new Set(keys).size, 2, 'citation keys are unique');
      const md = await (await app.request(`${path}/markdown`)).text();
      assert.match(md, /^# Diffusion &lt;LMs&gt;\n/);
      assert.match(md, new RegExp(`- \\[.+\\]\\(${PUBLIC}/papers/${a.replace('.', '\\.')}\\)`));
      assert.match(md, /  - Read §3 &lt;b&gt;first&lt;\/b&gt;/);

      // Made private: gone for everyone else, feeds included.
      assert.equal((await ann.post(`${path}/edit`, { name: 'Diffusion <LMs>', description: '' })).status, 303);
      assert.equal((await app.request(path)).status, 404);
      assert.equal((await bob.get(path)).status, 404);
      assert.equal((await app.request(`/feeds/collection/${cid}.rss`)).status, 404);
      assert.equal((await app.request(`${path}/bibtex`)).status, 404);
      assert.equal((await ann.get(path)).status, 200, 'the owner still sees it');
      assert.equal((await bob.post(`/papers/${a}/save`, { collection: cid })).status, 404, "nobody saves into another member's collection");
    });

    test('follows from a paper page and from the collections page; bad follows refused with a reason', async () => {
      const id = corpus.byTopic.quantum[0]!;
      await bob.get(`/papers/${id}`);
      const paper = (await getPaper(t.db, id))!;
      assert.equal((await bob.post('/follows', { kind: 'author', target: paper.authors[0]!, back: `/papers/${id}` })).headers.get('location'), `/papers/${id}`);
      assert.equal((await bob.post('/follows', { kind: 'category', target: 'quant-ph', back: 'https://evil.example/' })).headers.get('location'), '/collections#follows');
      const page = await bob.get('/collections');
      assert.match(page.html, new RegExp(`Unfollow ${paper.authors[0]!.replace('.', '\\.')}`));
      assert.match(page.html, /Unfollow quant-ph/);
      const bad = await bob.post('/follows', { kind: 'category', target: 'not a category!' });
      assert.equal(bad.status, 400);
      assert.match(await bad.text(), /is not an arXiv category such as cs\.CL/);
      const feed = await bob.get('/for-you');
      assert.match(feed.html, /in quant-ph, which you follow/);
      assert.match(feed.html, /data-cold-start/);
    });

    test('JSON API with a Bearer token: collections, papers with notes, follows, the feed, "not interested"', async () => {
      assert.equal((await api('/api/collections', { token: '' })).status, 401);
      const made = await api('/api/collections', { method: 'POST', body: { name: 'Robots', public: true, description: 'hands' } });
      assert.equal(made.status, 201);
      const col = (await made.json()) as { id: number; public: boolean; url: string };
      assert.equal(col.public, true);
      for (const id of corpus.byTopic.robots.slice(1, 4)) {
        const add = await api(`/api/collections/${col.id}/papers`, { method: 'POST', body: { id, note: 'grasp' } });
        assert.equal(add.status, 201);
      }
      const bad = await api(`/api/collections/${col.id}/papers`, { method: 'POST', body: { id: '9999.99999' } });
      assert.equal(bad.status, 404);
      assert.match(((await bad.json()) as { error: string }).error, /no paper 9999\.99999/);
      const notJson = await app.request('/api/collections', { method: 'POST', headers: { authorization: `Bearer ${annToken}`, 'content-type': 'application/json' }, body: '{' });
      assert.equal(notJson.status, 400);
      const got = (await (await app.request(`/api/collections/${col.id}`)).json()) as { items: { id: string; note: string }[] };
      assert.equal(got.items.length, 3);
      assert.ok(got.items.every((i) => i.note === 'grasp'));
      const removed = await api(`/api/collections/${col.id}/papers/${corpus.byTopic.robots[3]}`, { method: 'DELETE' });
      assert.deepEqual(await removed.json(), { removed: true });
      assert.equal((await api('/api/follows', { method: 'POST', body: { kind: 'keyword', target: 'tactile grasping' } })).status, 201);
      const follows = (await (await api('/api/follows')).json()) as { kind: string; target: string }[];
      assert.ok(follows.some((f) => f.kind === 'keyword' && f.target === 'tactile grasping'));

      const res = await api('/api/for-you?limit=5');
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('cache-control'), 'private, no-store');
      const items = (await res.json()) as { id: string; title: string; score: number; reason: string }[];
      assert.equal(items.length, 5);
      for (const i of items) {
        assert.equal(typeof i.title, 'string');
        assert.equal(typeof i.score, 'number');
        assert.ok(i.reason.length > 0);
      }
      assert.ok(items.slice(0, 3).every((i) => corpus.byTopic.robots.includes(i.id)), 'robots first');
      assert.ok(items.some((i) => /close to \d papers? in your "(Robots|Reading list)" collection/.test(i.reason)));
      const top = items[0]!.id;
      assert.equal((await api(`/api/papers/${top}/not-interested`, { method: 'POST' })).status, 200);
      const after = (await (await api('/api/for-you?limit=5')).json()) as { id: string }[];
      assert.ok(!after.some((i) => i.id === top), '"not interested" takes effect on the next request');

      const limit = await api('/api/for-you?limit=0');
      assert.equal(limit.status, 400);
      assert.match(((await limit.json()) as { error: string }).error, /limit must be between 1 and 100/);
      assert.equal((await api('/api/for-you', { token: 'pbt_' + 'x'.repeat(43) })).status, 401);
    });

    test('settings: the member downloads their signals and model, then deletes them', async () => {
      await ann.get('/settings');
      const res = await app.request('/settings/for-you/export', { headers: { cookie: [...ann.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'x-forwarded-for': 'ip-ann' } });
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-disposition') ?? '', /attachment; filename="paperboy-for-you-ann\.json"/);
      const data = (await res.json()) as {
        collections: { name: string; items: unknown[] }[];
        follows: unknown[];
        feedback: { kind: string }[];
        model: { trained: boolean; weights: number[] | null; profileTerms: Record<string, number> };
      };
      assert.ok(data.collections.some((c) => c.name === 'Robots' && c.items.length === 2));
      assert.equal(data.follows.length, 1);
      assert.deepEqual(data.feedback.map((f) => f.kind), ['not_interested']);
      assert.equal(data.model.trained, true);
      assert.ok((data.model.weights?.length ?? 0) > 0);
      assert.ok(Object.keys(data.model.profileTerms).length > 0);

      const refused = await ann.post('/settings/for-you/delete', {});
      assert.equal(refused.status, 400);
      const done = await ann.post('/settings/for-you/delete', { confirm: 'yes' });
      assert.equal(done.status, 303);
      assert.match((await ann.get('/settings?deleted=for-you')).html, /Deleted: your collections/);
      assert.deepEqual(await (await api('/api/collections')).json(), []);
      assert.deepEqual(await (await api('/api/follows')).json(), []);
      const feed = await ann.get('/for-you');
      assert.match(feed.html, /data-cold-start/, 'the model is gone with the signals');
    });
  });
}
