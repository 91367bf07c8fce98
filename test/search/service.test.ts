// The search service on a real store (SQLite, and PostgreSQL with TEST_DATABASE_URL).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabases, type OpenedTestDb } from '../helpers/db.ts';
import { paperInput } from '../helpers/papers.ts';
import { upsertPapers } from '../../src/store/papers.ts';
import { createSearchService, type SearchService } from '../../src/search/service.ts';
import { addUpvotes } from '../../src/store/repos.ts';
import { updateTrendingForPaper } from '../../src/store/trending.ts';

import { CORPUS, day } from '../helpers/search-corpus.ts';

const HOSTILE = [
  '"', '""', '"unbalanced', '*', '**', 'a*', '-', '--', '-graph', 'NOT', 'NOT NOT', 'AND OR NOT', 'NEAR', 'graph NEAR/3 networks',
  ':', 'title:', ':graph', '(', ')', '((graph', 'graph))', '(diffusion OR graph) AND -robot', '^', '~', '{}', '[]', '\\', "'", '%', '_',
  '\u0000', '\uffff', '😀 diffusion', '日本語の論文', 'Ωmega ß', 'a'.repeat(10_000), 'diffusion '.repeat(1200),
  '"a".repeat', 'SELECT * FROM papers; --', "' OR 1=1 --", '<script>', '   ', '', 'graph*', 'zzzzunknownword', '+', '+-+-',
];

for (const database of testDatabases()) {
  describe(`search service on ${database.name}`, () => {
    let t: OpenedTestDb;
    let search: SearchService;
    before(async () => {
      t = await database.open();
      await upsertPapers(t.db, CORPUS);
      search = createSearchService(t.db, { refreshMs: -1 });
      await search.rebuild();
    });
    after(async () => t?.close());

    it('finds papers by keyword, best first, with a highlighted escaped snippet', async () => {
      const r = await search.search({ q: 'molecules graphs', mode: 'keyword', limit: 5 });
      assert.ok(r.hits.length >= 2);
      assert.ok(['2401.00001', '2401.00002'].includes(r.hits[0].id));
      assert.match(r.hits[0].snippet, /<mark>molecules<\/mark>/);
      assert.ok(r.total >= 2);
    });

    it('hybrid and semantic modes return papers too', async () => {
      for (const mode of ['semantic', 'hybrid'] as const) {
        const r = await search.search({ q: 'diffusion image generation', mode, limit: 3 });
        assert.ok(r.hits.length > 0, mode);
        assert.ok(r.hits.some((h) => h.id.startsWith('2402.')), mode);
      }
    });

    it('escapes markup from titles and abstracts in snippets', async () => {
      const r = await search.search({ q: 'naive bayes markup', mode: 'keyword' });
      assert.equal(r.hits[0].id, '2405.00009');
      assert.doesNotMatch(r.hits[0].snippet, /<b>|<script>/);
      assert.match(r.hits[0].snippet, /&lt;b&gt;/);
    });

    it('matches phrases only as adjacent words', async () => {
      const r = await search.search({ q: '"dense retrieval"', mode: 'keyword' });
      assert.deepEqual(r.hits.map((h) => h.id).sort(), ['2404.00007', '2405.00010']);
      const none = await search.search({ q: '"retrieval dense"', mode: 'keyword' });
      assert.deepEqual(none.hits, []);
    });

    it('filters by category, date range, code and stars', async () => {
      const cv = await search.search({ q: 'diffusion learning', filters: { categories: ['cs.CV'] } });
      assert.ok(cv.hits.length > 0 && cv.hits.every((h) => h.paper.categories.includes('cs.CV')));
      const dated = await search.search({ q: 'retrieval', mode: 'keyword', filters: { from: day('2024-04-01'), to: day('2024-04-30') } });
      assert.deepEqual(dated.hits.map((h) => h.id), ['2404.00007']);
      const code = await search.search({ q: 'diffusion molecules', mode: 'keyword', filters: { hasCode: true } });
      assert.deepEqual(code.hits.map((h) => h.id).sort(), ['2401.00002', '2402.00003']);
      const stars = await search.search({ q: 'diffusion molecules', mode: 'keyword', filters: { minStars: 1000 } });
      assert.deepEqual(stars.hits.map((h) => h.id), ['2402.00003']);
    });

    it('sorts by date and by trending (stored trending score, then HF upvotes), and browses with filters only', async () => {
      const byDate = await search.search({ q: 'retrieval', mode: 'keyword', sort: 'date' });
      const dates = byDate.hits.map((h) => h.paper.publishedAt!);
      assert.deepEqual(dates, [...dates].sort((a, b) => b - a));
      const trending = await search.search({ q: 'molecules diffusion', mode: 'keyword', sort: 'trending' });
      assert.equal(trending.hits[0].id, '2402.00003', 'without stored scores: most HF upvotes first');
      // Members upvote the last of those results: it gets a stored trending score and leads.
      const riser = trending.hits.at(-1)!.id;
      assert.notEqual(riser, '2402.00003');
      await addUpvotes(t.db, riser, Date.now(), 50);
      await updateTrendingForPaper(t.db, riser);
      const after = await search.search({ q: 'molecules diffusion', mode: 'keyword', sort: 'trending' });
      assert.equal(after.hits[0].id, riser);
      const browse = await search.search({ q: '', filters: { categories: ['cs.IR'] } });
      assert.deepEqual(browse.hits.map((h) => h.id), ['2405.00010', '2404.00007', '2403.00006']);
      assert.equal(browse.total, 3);
    });

    it('pages through results without overlap', async () => {
      const all = await search.search({ q: 'learning models retrieval', mode: 'keyword', limit: 6 });
      const p1 = await search.search({ q: 'learning models retrieval', mode: 'keyword', limit: 3 });
      const p2 = await search.search({ q: 'learning models retrieval', mode: 'keyword', limit: 3, offset: 3 });
      assert.deepEqual([...p1.hits, ...p2.hits].map((h) => h.id), all.hits.map((h) => h.id));
    });

    it('lists similar papers, never the paper itself', async () => {
      const similar = await search.similar('2402.00003', 3);
      assert.ok(similar.length > 0);
      assert.ok(similar.every((h) => h.id !== '2402.00003'));
      assert.equal(similar[0].id, '2402.00004');
      assert.deepEqual(await search.similar('9999.99999', 3), []);
    });

    for (const q of HOSTILE) {
      it(`survives the query ${JSON.stringify(q.length > 30 ? q.slice(0, 30) + '…' : q)}`, async () => {
        for (const mode of ['keyword', 'semantic', 'hybrid'] as const) {
          const r = await search.search({ q, mode, limit: 5 });
          assert.ok(Array.isArray(r.hits));
        }
      });
    }

    it('indexes papers an importer hands over, and replaces changed ones', async () => {
      const changed = await upsertPapers(t.db, [paperInput({ id: '2406.00011', title: 'Quantum annealing for scheduling', abstract: 'Annealers solve scheduling.' })]);
      assert.deepEqual((await search.search({ q: 'annealing', mode: 'keyword' })).hits, []);
      await search.indexPapers(changed.changedIds);
      assert.deepEqual((await search.search({ q: 'annealing', mode: 'keyword' })).hits.map((h) => h.id), ['2406.00011']);
      const again = await upsertPapers(t.db, [paperInput({ id: '2406.00011', title: 'Simulated tempering for scheduling', abstract: 'Tempering solves scheduling.' })]);
      await search.indexPapers(again.changedIds);
      assert.deepEqual((await search.search({ q: 'annealing', mode: 'keyword' })).hits, []);
      assert.equal((await search.search({ q: 'tempering', mode: 'keyword' })).hits.length, 1);
    });

    it("follows the store's change feed for imports made elsewhere", async () => {
      await upsertPapers(t.db, [paperInput({ id: '2407.00012', title: 'Spiking neuromorphic chips', abstract: 'Event driven hardware.' })]);
      assert.equal((await search.search({ q: 'neuromorphic', mode: 'keyword' })).hits.length, 0);
      assert.equal(await search.refresh(), 1);
      assert.equal((await search.search({ q: 'neuromorphic', mode: 'keyword' })).hits.length, 1);
      assert.equal(await search.refresh(), 0);
    });

    it('stores the built-in model so a new process does not retrain it', async () => {
      const second = createSearchService(t.db, { refreshMs: -1 });
      const r = await second.rebuild();
      assert.equal(r.trained, false);
      assert.ok(second.stats().vectors >= CORPUS.length);
      const forced = await second.rebuild({ retrain: true });
      assert.equal(forced.trained, true);
    });
  });
}
