// Daily Papers listings on every database: ranges, sorts, paging, counts and neighbouring days.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabases } from '../helpers/db.ts';
import { paperInput } from '../helpers/papers.ts';
import { upsertPapers } from '../../src/store/papers.ts';
import { countFeaturedPapers, getFeaturedDayAfter, getFeaturedDayBefore, getLatestFeaturedDay, listFeaturedPapers } from '../../src/store/daily.ts';
import { listCategoryPapers, listPapersMatchingTitle, listSameCategoryPapers } from '../../src/store/listings.ts';

const daily = (featuredOn: string, upvotes: number) => ({
  featuredOn, submittedBy: null, upvotes, numComments: 0, githubStars: null, aiKeywords: [], aiSummary: null,
});

for (const database of testDatabases()) {
  test(`${database.name}: featured papers by range, sorted and paged; neighbouring featured days`, async () => {
    const { db, close } = await database.open();
    try {
      assert.equal(await getLatestFeaturedDay(db), null, 'empty catalog');
      await upsertPapers(db, [
        paperInput({ id: '2512.00001', publishedAt: Date.UTC(2025, 11, 1), daily: daily('2025-12-29', 5), categories: ['cs.CL'], primaryCategory: 'cs.CL' }),
        paperInput({ id: '2512.00002', publishedAt: Date.UTC(2025, 11, 3), daily: daily('2025-12-29', 50), categories: ['cs.CL', 'cs.LG'], primaryCategory: 'cs.CL' }),
        paperInput({ id: '2512.00003', publishedAt: Date.UTC(2025, 11, 2), daily: daily('2025-12-31', 50) }),
        paperInput({ id: '2512.00004', publishedAt: null, daily: daily('2025-12-31', 1), title: 'A 100% sure_thing: Diffusion' }),
        paperInput({ id: '2512.00005', publishedAt: Date.UTC(2025, 11, 4), categories: ['cs.CL'], primaryCategory: 'cs.CL', title: 'Diffusion models' }),
      ]);
      assert.equal(await getLatestFeaturedDay(db), '2025-12-31');
      assert.equal(await getFeaturedDayBefore(db, '2025-12-31'), '2025-12-29', 'skips the empty 30th');
      assert.equal(await getFeaturedDayBefore(db, '2025-12-29'), null);
      assert.equal(await getFeaturedDayAfter(db, '2025-12-29'), '2025-12-31');
      assert.equal(await getFeaturedDayAfter(db, '2025-12-31'), null);

      const ids = async (q: Partial<Parameters<typeof listFeaturedPapers>[1]>) =>
        (await listFeaturedPapers(db, { from: '2025-12-01', to: '2025-12-31', sort: 'trending', limit: 10, offset: 0, ...q })).map((p) => p.id);
      assert.deepEqual(await ids({}), ['2512.00003', '2512.00002', '2512.00001', '2512.00004'], 'upvotes desc, ties by id desc');
      assert.deepEqual(await ids({ sort: 'publishedAt' }), ['2512.00002', '2512.00003', '2512.00001', '2512.00004'], 'unknown dates last');
      assert.deepEqual(await ids({ from: '2025-12-29', to: '2025-12-29' }), ['2512.00002', '2512.00001']);
      assert.deepEqual(await ids({ limit: 2, offset: 2 }), ['2512.00001', '2512.00004']);
      assert.equal(await countFeaturedPapers(db, '2025-12-01', '2025-12-31'), 4, 'unfeatured papers are not counted');
      assert.equal(await countFeaturedPapers(db, '2025-12-30', '2025-12-30'), 0);

      assert.deepEqual((await listCategoryPapers(db, 'cs.CL', 10)).map((p) => p.id), ['2512.00005', '2512.00002', '2512.00001']);
      const one = (await listCategoryPapers(db, 'cs.LG', 10))[0]!;
      assert.deepEqual((await listSameCategoryPapers(db, one, 10)).map((p) => p.id), ['2512.00005', '2512.00001']);
      assert.deepEqual((await listPapersMatchingTitle(db, ['diffusion'], 10)).map((p) => p.id), ['2512.00005', '2512.00004']);
      assert.deepEqual((await listPapersMatchingTitle(db, ['100%', 'SURE_THING'], 10)).map((p) => p.id), ['2512.00004'], 'LIKE wildcards are literal');
      assert.deepEqual(await listPapersMatchingTitle(db, ['1%0'], 10), []);
    } finally {
      await close();
    }
  });
}
