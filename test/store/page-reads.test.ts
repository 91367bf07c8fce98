// A page's reads in one statement (store/page-reads.ts) give what the single-purpose reads they
// replace give, on every database: stamps, comment counts and stars of listing rows, star
// histories, a Daily Papers page in its order, and everything a paper page reads.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabases, type OpenedTestDb } from '../helpers/db.ts';
import { loadHfDays } from '../helpers/hf-days.ts';
import { DAYS } from '../helpers/web-app.ts';
import { readListingRows, readPaperPage } from '../../src/store/page-reads.ts';
import { loadRowFacts } from '../../src/store/row-facts.ts';
import { getPaperMainRepo, listPaperStarHistory, listStarHistories, addStarSnapshots, upsertRepos, linkPaperRepos } from '../../src/store/repos.ts';
import { getPaperCommunityFacts, upsertLinkOverride } from '../../src/store/paper-community.ts';
import { insertComment, listPaperComments, deleteOwnComment } from '../../src/store/comments.ts';
import { listFeaturedPapers, listFeaturedPapersWithFacts } from '../../src/store/daily.ts';
import { getCatalogVersion, getStarDataVersion } from '../../src/store/data-version.ts';
import { setVote } from '../../src/store/votes.ts';
import { findOrCreateUser } from '../../src/community/accounts.ts';
import { claimAuthorship } from '../../src/community/moderation.ts';
import { getClaimStatus } from '../../src/store/moderation.ts';
import { recomputeAll } from '../../src/trending/recompute.ts';
import { PaperMemo } from '../../src/store/paper-memo.ts';
import { sql } from '../../src/db/db.ts';
import { getPapersByIds, papersOfStamps } from '../../src/store/papers.ts';
import { listSameCategoryPapers } from '../../src/store/listings.ts';
import { upsertPapers } from '../../src/store/papers.ts';
import { paperInput } from '../helpers/papers.ts';
import { setPaperHidden } from '../../src/store/paper-community.ts';

for (const database of testDatabases()) {
  describe(`a page's reads in one statement (${database.name})`, () => {
    let t: OpenedTestDb;
    let ids: string[];
    before(async () => {
      t = await database.open();
      await loadHfDays(t.db, DAYS);
      ids = (await t.db.all<{ id: string }>(sql`SELECT id FROM papers ORDER BY id LIMIT 40`)).map((r) => r.id);
      // A paper with two repositories: the chart is the more-starred one's.
      const repos = await upsertRepos(t.db, [{ url: 'https://github.com/a/small', fullName: 'a/small' }, { url: 'https://github.com/a/big', fullName: 'a/big' }]);
      await linkPaperRepos(t.db, [...repos.values()].map((repoId) => ({ paperId: ids[0]!, repoId })));
      await t.db.run(sql`UPDATE repos SET stars = 900 WHERE full_name = 'a/big'`);
      await t.db.run(sql`UPDATE repos SET stars = 5 WHERE full_name = 'a/small'`);
      const day = Date.parse('2025-12-20T00:00:00Z');
      await addStarSnapshots(t.db, [
        { repoId: repos.get('https://github.com/a/big')!, at: day + 2 * 86_400_000, stars: 900, source: 'github' },
        { repoId: repos.get('https://github.com/a/big')!, at: day, stars: 700, source: 'github' },
        { repoId: repos.get('https://github.com/a/small')!, at: day, stars: 5, source: 'github' },
      ]);
      const ann = await findOrCreateUser(t.db, 'ann@example.org', 'member', 'ann');
      const c1 = await insertComment(t.db, { paperId: ids[0]!, userId: ann.id, parentId: null, body: 'first', html: '<p>first</p>' });
      await insertComment(t.db, { paperId: ids[0]!, userId: ann.id, parentId: c1, body: 'reply', html: '<p>reply</p>' });
      const gone = await insertComment(t.db, { paperId: ids[1]!, userId: ann.id, parentId: null, body: 'gone', html: '<p>gone</p>' });
      await deleteOwnComment(t.db, gone, ann.id);
      await insertComment(t.db, { paperId: ids[2]!, userId: ann.id, parentId: null, body: 'kept', html: '<p>kept</p>' });
      await setVote(t.db, ann.id, ids[0]!, true);
      await upsertLinkOverride(t.db, { paperId: ids[0]!, codeUrl: 'https://github.com/a/big', projectUrl: null, setBy: ann.id });
      await recomputeAll(t.db, Date.parse('2025-12-31T23:00:00Z'));
    });
    after(() => t?.close());

    test("a listing's rows: the same stamps, facts and star histories as the single reads, in the list's order", async () => {
      const order = [...ids].reverse();
      const read = await readListingRows(t.db, { ids: order }, { facts: true, histories: true });
      assert.deepEqual(read.stamps.map((s) => s.id), order);
      const stamps = await t.db.all<{ id: string; modified_at: number; community_upvotes: number; hidden_at: number | null }>(
        sql`SELECT id, modified_at, community_upvotes, hidden_at FROM papers WHERE id = ${ids[0]!}`,
      );
      const mine = read.stamps.find((s) => s.id === ids[0])!;
      assert.deepEqual([Number(mine.modified_at), Number(mine.community_upvotes), mine.hidden_at], [Number(stamps[0]!.modified_at), 1, null]);
      assert.deepEqual(read.facts, await loadRowFacts(t.db, order));
      assert.ok(read.facts.comments.get(ids[0]!) === 2 && !read.facts.comments.has(ids[1]!), 'deleted comments are not counted');
      assert.deepEqual(read.histories, await listStarHistories(t.db, order));
      assert.deepEqual(read.histories.get(ids[0]!), [{ at: Date.parse('2025-12-20T00:00:00Z'), stars: 700 }, { at: Date.parse('2025-12-22T00:00:00Z'), stars: 900 }]);
      assert.ok(read.facts.stars.size > 0, 'some rows have stars from the stored scores');
    });

    test('with kept histories: their snapshots are left out while the star-data version read is the kept one, read again once it moves', async () => {
      const order = ids.slice(0, 10);
      const all = await readListingRows(t.db, { ids: order }, { histories: true });
      const version = all.starVersion!;
      assert.equal(version, await getStarDataVersion(t.db));
      assert.ok(all.histories.has(ids[0]!));
      const withHistory = [...all.histories.keys()];
      assert.ok(withHistory.length >= 2, `several of the first papers have a history: ${withHistory.join(', ')}`);
      // ids[0] is kept: the others are read, ids[0] is not.
      const keptOne = { version, has: (id: string) => id === ids[0] };
      const partial = await readListingRows(t.db, { ids: order }, { histories: keptOne });
      assert.equal(partial.starVersion, version);
      assert.deepEqual([...partial.histories.keys()].sort(), withHistory.filter((id) => id !== ids[0]).sort());
      // All kept: no snapshots read; the same from the paper page's read.
      const keptAll = { version, has: () => true };
      assert.equal((await readListingRows(t.db, { ids: order }, { histories: keptAll })).histories.size, 0);
      const page = await readPaperPage(t.db, ids[0]!, [], null, { keptHistory: version });
      assert.deepEqual([page.starVersion, page.history, page.repo?.full_name], [version, [], 'a/big']);
      // A snapshot (from any connection) moves the version: every history is read again, the new point in it.
      const big = (await getPaperMainRepo(t.db, ids[0]!))!.id;
      await addStarSnapshots(t.db, [{ repoId: big, at: Date.parse('2025-12-23T00:00:00Z'), stars: 950, source: 'github' }]);
      const moved = await readListingRows(t.db, { ids: order }, { histories: keptAll });
      assert.notEqual(moved.starVersion, version);
      assert.deepEqual(moved.histories, await listStarHistories(t.db, order));
      assert.deepEqual(moved.histories.get(ids[0]!)!.at(-1), { at: Date.parse('2025-12-23T00:00:00Z'), stars: 950 });
      const movedPage = await readPaperPage(t.db, ids[0]!, [], null, { keptHistory: version });
      assert.deepEqual([movedPage.starVersion, movedPage.history], [moved.starVersion, await listPaperStarHistory(t.db, ids[0]!)]);
      await t.db.run(sql`DELETE FROM star_snapshots WHERE repo_id = ${big} AND at = ${Date.parse('2025-12-23T00:00:00Z')}`);
    });

    test('a Daily Papers page: the same papers in the same order as listFeaturedPapers, with the facts', async () => {
      for (const sort of ['trending', 'upvotes', 'publishedAt'] as const) {
        for (const [from, to, limit, offset] of [[DAYS[0]!, DAYS[0]!, 500, 0], [DAYS[0]!, DAYS[DAYS.length - 1]!, 7, 3]] as const) {
          const q = { from, to, sort, limit, offset };
          const kept = new PaperMemo();
          const { papers, facts } = await listFeaturedPapersWithFacts(t.db, q, kept);
          const plain = await listFeaturedPapers(t.db, q);
          assert.deepEqual(papers.map((p) => p.id), plain.map((p) => p.id), `${sort} ${from}..${to}`);
          assert.ok(papers.length > 0);
          assert.deepEqual(facts, await loadRowFacts(t.db, plain.map((p) => p.id)));
          // The combined statement itself (what PostgreSQL uses), on every database.
          const order = { trending: '(hf_upvotes + community_upvotes) DESC, id DESC', upvotes: '(hf_upvotes + community_upvotes) DESC, id DESC', publishedAt: 'published_at DESC NULLS LAST, id DESC' }[sort];
          const read = await readListingRows(t.db, { featured: { from, to, order, limit, offset } });
          assert.deepEqual(read.stamps.map((s) => s.id), plain.map((p) => p.id), `one statement: ${sort} ${from}..${to}`);
          assert.deepEqual(read.facts, facts);
          // A second read serves the same papers from the kept ones.
          assert.deepEqual((await listFeaturedPapersWithFacts(t.db, q, kept)).papers, papers);
        }
      }
    });

    test("a paper page's one read: the same version, facts, comments, repository, history, others' stamps and viewer marks", async () => {
      const ann = await findOrCreateUser(t.db, 'ann@example.org', 'member', 'ann');
      assert.ok((await claimAuthorship(t.db, ann, ids[0]!)).ok);
      const others = [ids[5]!, 'no/such', ids[3]!];
      const read = await readPaperPage(t.db, ids[0]!, others, ann.id);
      assert.equal(read.version, await getCatalogVersion(t.db));
      assert.equal(read.stamp!.id, ids[0]);
      assert.deepEqual(read.facts, await getPaperCommunityFacts(t.db, ids[0]!));
      assert.equal(read.facts!.codeUrl, 'https://github.com/a/big');
      assert.deepEqual(read.comments, await listPaperComments(t.db, ids[0]!));
      assert.equal(read.comments.length, 2);
      assert.deepEqual(read.repo, await getPaperMainRepo(t.db, ids[0]!));
      assert.equal(read.repo!.full_name, 'a/big');
      assert.deepEqual(read.history, await listPaperStarHistory(t.db, ids[0]!));
      assert.deepEqual(read.others.map((s) => s.id), [ids[5], ids[3]]);
      assert.equal(read.upvoted, true);
      assert.equal(read.claim, await getClaimStatus(t.db, ids[0]!, ann.id));
      assert.ok(read.claim);
      // Without a viewer: no marks; a paper without comments or override.
      const plain = await readPaperPage(t.db, ids[4]!, [], null);
      assert.deepEqual(
        [plain.upvoted, plain.claim, plain.repo, plain.history, plain.comments, plain.others],
        [false, null, await getPaperMainRepo(t.db, ids[4]!), await listPaperStarHistory(t.db, ids[4]!), [], []],
      );
      assert.deepEqual(plain.facts, await getPaperCommunityFacts(t.db, ids[4]!));
      // An unknown paper: no stamp, no facts, the version still read.
      const none = await readPaperPage(t.db, '2999.99999', [], ann.id);
      assert.deepEqual([none.stamp, none.facts, none.version], [null, null, read.version]);
    });

    test("a paper page's one read: its primary category's newest visible papers, as listSameCategoryPapers gives them, in its order", async () => {
      const kept = new PaperMemo();
      // Eight papers of one primary category, two published the same day (ties by id) and one undated (last).
      const day = (d: number) => Date.parse('2024-05-01T00:00:00Z') + d * 86_400_000;
      await upsertPapers(t.db, [0, 1, 1, 2, 3, 4, 5, null].map((d, i) => paperInput({
        id: `2405.1000${i}`, title: `Peer ${i}`, categories: ['q-bio.ZZ', 'cs.LG'], primaryCategory: 'q-bio.ZZ', publishedAt: d === null ? null : day(d),
      })));
      const [withPrimary] = await getPapersByIds(t.db, ['2405.10003']);
      const category = withPrimary!.primaryCategory!;
      const peers = (await t.db.all<{ paper_id: string }>(sql`SELECT paper_id FROM paper_categories WHERE category = ${category}`)).map((r) => r.paper_id);
      assert.equal(peers.length, 8);
      const same = async () => {
        const read = await readPaperPage(t.db, withPrimary!.id, [], null, { sameCategory: 5 });
        return (await papersOfStamps(t.db, read.sameCategory, kept, true)).map((p) => p.id);
      };
      const expected = (await listSameCategoryPapers(t.db, withPrimary!, 5)).map((p) => p.id);
      assert.equal(expected.length, 5);
      assert.deepEqual(await same(), expected);
      // A hidden one leaves, the next comes in, on both reads alike.
      await setPaperHidden(t.db, expected[1]!, Date.now());
      const after = (await listSameCategoryPapers(t.db, withPrimary!, 5)).map((p) => p.id);
      assert.ok(!after.includes(expected[1]!));
      assert.deepEqual(await same(), after);
      await setPaperHidden(t.db, expected[1]!, null);
      // Not asked for: none read.
      assert.deepEqual((await readPaperPage(t.db, withPrimary!.id, [], null)).sameCategory, []);
    });
  });
}
