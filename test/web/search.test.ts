// Search over HTTP: the JSON API, similar papers, and the /search page with filters, on both databases.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabases, type OpenedTestDb } from '../helpers/db.ts';
import { upsertPapers } from '../../src/store/papers.ts';
import { loadConfig } from '../../src/config.ts';
import { createApp } from '../../src/web/app.ts';
import { createSearchService } from '../../src/search/service.ts';
import { CORPUS } from '../helpers/search-corpus.ts';

for (const database of testDatabases()) {
  describe(`search over HTTP on ${database.name}`, () => {
    let t: OpenedTestDb;
    let app: ReturnType<typeof createApp>;
    before(async () => {
      t = await database.open();
      await upsertPapers(t.db, CORPUS);
      const search = createSearchService(t.db, { refreshMs: -1 });
      app = createApp({ db: t.db, config: loadConfig({ DEMO_DIR: '', PUBLIC_URL: 'https://p.example' }), search });
    });
    after(async () => t?.close());

    it('GET /api/search returns papers with id, title and score', async () => {
      const res = await app.request('/api/search?q=diffusion+images&limit=2&mode=keyword');
      assert.equal(res.status, 200);
      const body = await res.json();
      assert.equal(body.papers.length, 2);
      for (const p of body.papers) {
        assert.equal(typeof p.id, 'string');
        assert.equal(typeof p.title, 'string');
        assert.equal(typeof p.score, 'number');
      }
      assert.ok(body.papers[0].id.startsWith('2402.'));
      assert.ok(body.total >= 2);
    });

    it('applies filters and sorts from the query string', async () => {
      const body = await (await app.request('/api/search?q=retrieval&category=cs.IR&sort=date&mode=keyword')).json();
      assert.deepEqual(body.papers.map((p: { id: string }) => p.id), ['2405.00010', '2404.00007', '2403.00006']);
      const coded = await (await app.request('/api/search?q=diffusion+molecules&has_code=1&min_stars=1000&mode=keyword')).json();
      assert.deepEqual(coded.papers.map((p: { id: string }) => p.id), ['2402.00003']);
      const dated = await (await app.request('/api/search?q=retrieval&from=2024-04-01&to=2024-04-01&mode=keyword')).json();
      assert.deepEqual(dated.papers.map((p: { id: string }) => p.id), ['2404.00007']);
    });

    it('answers 400 naming the bad parameter', async () => {
      for (const [qs, word] of [['limit=0', 'limit'], ['mode=magic', 'mode'], ['from=2024-02-30', 'from'], ['category=%3Cx%3E', 'category'], ['min_stars=-1', 'min_stars']]) {
        const res = await app.request(`/api/search?q=x&${qs}`);
        assert.equal(res.status, 400, qs);
        assert.match((await res.json()).error, new RegExp(word));
      }
    });

    it('never fails on hostile query text', async () => {
      for (const q of ['"', '*', 'NEAR(', '-', ':', '((', 'x'.repeat(10_000)]) {
        const res = await app.request(`/api/search?q=${encodeURIComponent(q)}`);
        assert.equal(res.status, 200, JSON.stringify(q.slice(0, 10)));
      }
      // Control characters are refused at the edge with a clear 400 (input-validation.ts).
      assert.equal((await app.request('/api/search?q=%00')).status, 400);
    });

    it('GET /api/papers/search answers like Hugging Face: a bare array of daily_papers items, best first', async () => {
      const rich = await (await app.request('/api/search?q=diffusion+images&limit=3')).json();
      const res = await app.request('/api/papers/search?q=diffusion+images&limit=3');
      assert.equal(res.status, 200);
      const items = await res.json();
      assert.ok(Array.isArray(items));
      assert.deepEqual(items.map((i: { paper: { id: string } }) => i.paper.id), rich.papers.map((p: { id: string }) => p.id), 'same ranking as /api/search');
      const first = items[0];
      assert.equal(first.title, rich.papers[0].title);
      assert.equal(first.paper.title, rich.papers[0].title);
      assert.deepEqual(first.paper.authors, rich.papers[0].authors.map((name: string) => ({ name, hidden: false })));
      assert.equal(typeof first.numComments, 'number');
      assert.equal((await app.request('/api/papers/search?q=x&limit=0')).status, 400);
    });

    it('GET /api/papers/:id/similar lists related papers; unknown ids are 404', async () => {
      const body = await (await app.request('/api/papers/2402.00003/similar?limit=2')).json();
      assert.equal(body.papers.length, 2);
      assert.equal(body.papers[0].id, '2402.00004');
      assert.equal((await app.request('/api/papers/2402.99999/similar')).status, 404);
    });

    it('the /search page shows results with escaped, highlighted snippets and keeps the filters', async () => {
      const res = await app.request('/search?q=naive+bayes&category=cs.LG&sort=date');
      assert.equal(res.status, 200);
      const html = await res.text();
      assert.match(html, /href="\/papers\/2405.00009"/);
      assert.match(html, /<mark>Bayes<\/mark>/);
      assert.doesNotMatch(html, /<script>alert/);
      assert.match(html, /name="category" value="cs.LG"/);
      assert.match(html, /<option value="date" selected/);
    });

    it('the /search page explains a bad filter instead of failing', async () => {
      const res = await app.request('/search?q=x&from=yesterday');
      assert.equal(res.status, 400);
      assert.match(await res.text(), /from must be a date/);
    });
  });
}
