// The trending store suite (SQLite, and PostgreSQL with TEST_DATABASE_URL): set-wise scores agree
// with the pure formula, listing order, as-of ranking, per-vote updates and repository linking.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabases, type OpenedTestDb } from '../helpers/db.ts';
import { paperInput } from '../helpers/papers.ts';
import { upsertPapers } from '../../src/store/papers.ts';
import { addStarSnapshots, addUpvotes, getRepoByUrl, listPaperStarHistory, listStarHistories, setUpvoteTallies } from '../../src/store/repos.ts';
import { listTrending, recomputeTrending, updateTrendingForPaper, countTrendingScores } from '../../src/store/trending.ts';
import { syncPaperRepos } from '../../src/trending/sync-repos.ts';
import { explainTrending, trendingScore } from '../../src/trending/score.ts';

const DAY = 86_400_000;
const AT = Date.UTC(2025, 5, 15) - 1; // end of 2025-06-14
const START = AT - 7 * DAY;

for (const database of testDatabases()) {
  describe(`trending store on ${database.name}`, () => {
    let t: OpenedTestDb;
    const repo = async (name: string) => (await getRepoByUrl(t.db, `https://github.com/org/${name}`))!.id;

    before(async () => {
      t = await database.open();
      const code = (name: string) => [`https://github.com/org/${name}`];
      await upsertPapers(t.db, [
        paperInput({ id: '2506.00001', title: 'Starred', publishedAt: AT - 3 * DAY - 5, codeUrls: code('a'), categories: ['cs.CL'], primaryCategory: 'cs.CL' }),
        paperInput({ id: '2506.00002', title: 'No code', publishedAt: AT - 2 * DAY }),
        paperInput({ id: '2506.00003', title: 'Lost stars', publishedAt: AT - 5 * DAY, codeUrls: code('c') }),
        paperInput({ id: '2506.00004', title: 'Brand new, quiet', publishedAt: AT - 3_600_000, codeUrls: code('d') }),
        paperInput({ id: '2506.00006', title: 'Tie B', publishedAt: AT - DAY }),
        paperInput({ id: '2506.00005', title: 'Tie A', publishedAt: AT - DAY }),
        paperInput({ id: '2506.00007', title: 'From the future', publishedAt: AT + DAY }),
        paperInput({ id: '1901.00008', title: 'Old paper, new repo', publishedAt: AT - 400 * DAY, codeUrls: code('h') }),
        paperInput({ id: '2506.00009', title: 'Young, first seen', publishedAt: AT - 4 * DAY, codeUrls: code('i'),
          daily: { featuredOn: '2025-06-12', submittedBy: 'ak', upvotes: 7, numComments: 0, githubStars: 50, aiKeywords: [], aiSummary: null } }),
      ]);
      const sync = await syncPaperRepos(t.db);
      assert.equal(sync.papers, 9);
      assert.equal(sync.links, 5);
      await addStarSnapshots(t.db, [
        { repoId: await repo('a'), at: START - DAY, stars: 100, source: 'github' },
        { repoId: await repo('a'), at: AT - 3_600_000, stars: 412, source: 'github' },
        { repoId: await repo('c'), at: START - DAY, stars: 500, source: 'github' },
        { repoId: await repo('c'), at: AT - DAY, stars: 450, source: 'github' },
        { repoId: await repo('h'), at: START + DAY, stars: 1000, source: 'github' },
        { repoId: await repo('h'), at: AT - DAY, stars: 1100, source: 'github' },
        { repoId: await repo('a'), at: AT + DAY, stars: 9999, source: 'github' }, // after `at`: ignored
      ]);
      const tally = (paperId: string, at: number, votes: number) => ({ paperId, source: 'site', at, votes });
      await setUpvoteTallies(t.db, [
        tally('2506.00001', AT - DAY, 45),
        tally('2506.00002', AT - DAY, 10),
        tally('2506.00003', AT - DAY, 2),
        tally('2506.00005', AT - DAY, 3),
        tally('2506.00006', AT - DAY, 3),
        tally('2506.00007', AT + DAY / 2, 99),
        tally('2506.00002', START - DAY, 1000), // before the window: ignored
      ]);
    });
    after(async () => t?.close());

    it('ranks as of a moment, explains each row, and agrees with the pure formula', async () => {
      const rows = await listTrending(t.db, { window: 'week', at: AT, limit: 20 });
      const byId = new Map(rows.map((r) => [r.paper.id, r]));
      assert.equal(explainTrending(byId.get('2506.00001')!.parts), '+312 stars this week · 45 upvotes · 3 days old');
      assert.equal(explainTrending(byId.get('2506.00002')!.parts), 'no code · 10 upvotes · 2 days old');
      assert.equal(explainTrending(byId.get('2506.00003')!.parts), '−50 stars this week, not counted · 2 upvotes · 5 days old');
      assert.equal(byId.get('1901.00008')!.parts.stars, 100, 'an old paper counts from its first snapshot in the window');
      assert.equal(byId.get('2506.00009')!.parts.stars, 50, 'a young paper counts a new repository from 0');
      assert.equal(byId.get('2506.00009')!.parts.upvotes, 7, 'Hugging Face upvotes count on the featured day');
      assert.ok(!byId.has('2506.00004'), 'no activity: not trending');
      assert.ok(!byId.has('2506.00007'), 'published after `at`: not yet');
      for (const r of rows) {
        const pure = trendingScore({ window: 'week', starDelta: r.parts.starDelta, upvotes: r.parts.upvotes, ageMs: r.parts.ageMs });
        assert.ok(Math.abs(pure.score - r.score) < 1e-9, `${r.paper.id}: sql ${r.score} vs formula ${pure.score}`);
      }
      const ids = rows.map((r) => r.paper.id);
      assert.equal(ids[0], '2506.00001');
      assert.ok(ids.indexOf('2506.00005') + 1 === ids.indexOf('2506.00006'), 'ties by id ascending');
    });

    it('stores a recompute and lists it the same way, with paging and a category filter', async () => {
      const n = await recomputeTrending(t.db, { window: 'week', at: AT });
      assert.equal(n, 7);
      const onTheFly = await listTrending(t.db, { window: 'week', at: AT, limit: 20 });
      const stored = await listTrending(t.db, { window: 'week', limit: 20 });
      assert.deepEqual(stored.map((r) => [r.paper.id, r.score]), onTheFly.map((r) => [r.paper.id, r.score]));
      const page2 = await listTrending(t.db, { window: 'week', limit: 2, offset: 2 });
      assert.deepEqual(page2.map((r) => r.paper.id), stored.slice(2, 4).map((r) => r.paper.id));
      const cl = await listTrending(t.db, { window: 'week', limit: 20, category: 'cs.CL' });
      assert.deepEqual(cl.map((r) => r.paper.id), ['2506.00001']);
      assert.equal((await listTrending(t.db, { window: 'day', at: AT - 30 * DAY, limit: 5 })).length, 0);
    });

    it('a vote updates one paper in every window', async () => {
      const now = AT; // pretend the vote comes at the end of the day
      await recomputeTrending(t.db, { window: 'day', at: now });
      const before = await countTrendingScores(t.db, 'day');
      await addUpvotes(t.db, '2506.00004', now - 1000, 1);
      await updateTrendingForPaper(t.db, '2506.00004', now);
      assert.equal(await countTrendingScores(t.db, 'day'), before + 1);
      const week = await listTrending(t.db, { window: 'week', limit: 20 });
      const row = week.find((r) => r.paper.id === '2506.00004')!;
      assert.equal(explainTrending(row.parts), '+0 stars this week · 1 upvote · new today');
      await addUpvotes(t.db, '2506.00004', now - 1000, -1);
      await updateTrendingForPaper(t.db, '2506.00004', now);
      assert.equal(await countTrendingScores(t.db, 'day'), before, 'withdrawn vote: back to nothing');
    });

    it('links two papers featured on one day that share a repository (a demo day has such a pair)', async () => {
      const shared = ['https://github.com/org/shared'];
      const daily = (upvotes: number, githubStars: number) => ({ featuredOn: '2025-06-13', submittedBy: 'ak', upvotes, numComments: 0, githubStars, aiKeywords: [], aiSummary: null });
      await upsertPapers(t.db, [
        paperInput({ id: '2506.00010', title: 'Shared repo, first paper', publishedAt: AT - 2 * DAY, codeUrls: shared, daily: daily(5, 300) }),
        paperInput({ id: '2506.00011', title: 'Shared repo, second paper', publishedAt: AT - 2 * DAY, codeUrls: shared, daily: daily(8, 310) }),
      ]);
      const sync = await syncPaperRepos(t.db);
      assert.equal(sync.papers, 2);
      assert.equal(sync.links, 2);
      const history = await listPaperStarHistory(t.db, '2506.00011');
      assert.deepEqual(history.map((h) => h.stars), [310], 'one snapshot for the shared (repository, day), the larger count');
      assert.equal((await syncPaperRepos(t.db)).papers, 0, 'the sync position was saved');
      const both = (await listTrending(t.db, { window: 'week', at: AT, limit: 50 })).filter((r) => r.paper.id >= '2506.00010');
      assert.deepEqual(both.map((r) => r.paper.id).sort(), ['2506.00010', '2506.00011']);
    });

    it('keeps the star history of a paper for its chart', async () => {
      const history = await listPaperStarHistory(t.db, '2506.00001');
      assert.deepEqual(history.map((h) => h.stars), [100, 412, 9999]);
    });

    it('gives a listing every paper’s chart history in one call, the same as one by one', async () => {
      const ids = ['2506.00001', '2506.00002', '2506.00003', '1901.00008'];
      const all = await listStarHistories(t.db, ids);
      assert.deepEqual([...all.keys()].sort(), ['1901.00008', '2506.00001', '2506.00003'], 'papers without history are left out');
      for (const id of ids) assert.deepEqual(all.get(id) ?? [], await listPaperStarHistory(t.db, id), id);
      assert.deepEqual((await listStarHistories(t.db, ['2506.00001'], AT)).get('2506.00001')!.map((h) => h.stars), [9999], 'from `since` on');
    });

    it('links papers featured the same day with the same repository (one snapshot, no conflict)', async () => {
      const featured = { featuredOn: '2025-06-13', submittedBy: null, numComments: 0, aiKeywords: [], aiSummary: null };
      await upsertPapers(t.db, [
        paperInput({ id: '2506.00010', title: 'Twin one', codeUrls: ['https://github.com/org/twin'], daily: { ...featured, upvotes: 1, githubStars: 70 } }),
        paperInput({ id: '2506.00011', title: 'Twin two', codeUrls: ['https://github.com/org/twin'], daily: { ...featured, upvotes: 2, githubStars: 80 } }),
      ]);
      const sync = await syncPaperRepos(t.db);
      assert.equal(sync.papers, 2);
      const history = await listPaperStarHistory(t.db, '2506.00011');
      assert.equal(history.length, 1, 'one snapshot for the shared repository and day');
      assert.equal(await syncPaperRepos(t.db).then((r) => r.papers), 0, 'a second pass finds nothing new');
    });
  });
}
