// The personal feed on every database: cold start from follows, learning from saves, reasons, "not interested" at once.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabases, type OpenedTestDb } from '../helpers/db.ts';
import { forYouCorpus, type ForYouCorpus } from '../helpers/for-you-corpus.ts';
import { upsertPapers } from '../../src/store/papers.ts';
import { insertUser } from '../../src/store/users.ts';
import { setVote } from '../../src/store/votes.ts';
import { createSearchService } from '../../src/search/service.ts';
import { createForYouService, type ForYouService } from '../../src/foryou/for-you-service.ts';
import { createCollection, follow, markNotInterested, savePaper } from '../../src/foryou/member-library.ts';

type Member = { id: number; name: string; role: 'member' };

for (const kind of testDatabases()) {
  describe(`For you feed on ${kind.name}`, () => {
    let t: OpenedTestDb;
    let corpus: ForYouCorpus;
    let forYou: ForYouService;
    let n = 0;
    const member = async (): Promise<Member> => {
      n++;
      return { ...(await insertUser(t.db, { email: `m${n}@example.org`, name: `m${n}`, role: 'member' }))!, role: 'member' };
    };
    const topicOf = (id: string) => (Object.entries(corpus.byTopic).find(([, ids]) => ids.includes(id)) ?? ['?'])[0];

    before(async () => {
      t = await kind.open();
      corpus = forYouCorpus();
      await upsertPapers(t.db, corpus.papers);
      forYou = createForYouService(t.db, createSearchService(t.db, { refreshMs: -1 }));
    });
    after(() => t.close());

    test('with no signals the feed is empty and says it is a cold start', async () => {
      const m = await member();
      const feed = await forYou.feed(m.id, 10);
      assert.equal(feed.coldStart, true);
      assert.deepEqual(feed.items, []);
    });

    test('cold start: a followed category and author fill the feed, each paper saying which follow', async () => {
      const m = await member();
      assert.ok((await follow(t.db, m, 'category', 'cs.RO')).ok);
      let feed = await forYou.feed(m.id, 50);
      assert.equal(feed.coldStart, true);
      assert.deepEqual(new Set(feed.items.map((i) => topicOf(i.paper.id))), new Set(['robots']));
      assert.ok(feed.items.every((i) => i.reasons.includes('in cs.RO, which you follow')));
      assert.ok((await follow(t.db, m, 'author', 'grace hopper')).ok);
      feed = await forYou.feed(m.id, 50);
      const byHopper = feed.items.filter((i) => i.paper.authors.includes('Grace Hopper'));
      assert.ok(byHopper.length >= 5, 'papers by the followed author, from every topic');
      assert.ok(byHopper.every((i) => i.reasons.includes('by Grace Hopper, an author you follow')));
      // A robotics paper by her matches both follows and ranks above those matching one.
      assert.equal(topicOf(feed.items[0]!.paper.id), 'robots');
      assert.ok(feed.items[0]!.paper.authors.includes('Grace Hopper'));
    });

    test('three saves train the model: the topic comes first, explained by the collection, saved papers left out', async () => {
      const m = await member();
      const col = await createCollection(t.db, m, { name: 'Diffusion LMs', isPublic: false });
      assert.ok(col.ok);
      const saved = corpus.byTopic.diffusion.slice(0, 3);
      for (const id of saved) assert.ok((await savePaper(t.db, m, id, { collectionId: col.id })).ok);
      const feed = await forYou.feed(m.id, 8);
      assert.equal(feed.coldStart, false);
      assert.equal(feed.liked, 3);
      assert.ok(feed.items.length === 8);
      assert.deepEqual(new Set(feed.items.map((i) => topicOf(i.paper.id))), new Set(['diffusion']), 'the 8 best are all diffusion papers');
      assert.ok(feed.items.every((i) => !saved.includes(i.paper.id)), 'what is saved is not suggested again');
      assert.match(feed.items[0]!.reasons[0]!, /^close to [1-3] papers? in your "Diffusion LMs" collection$/);
      for (let i = 1; i < feed.items.length; i++) assert.ok(feed.items[i - 1]!.score >= feed.items[i]!.score);
    });

    test('upvotes teach the model too, and "not interested" removes a paper and its near twin at once', async () => {
      const m = await member();
      for (const id of corpus.byTopic.diffusion.slice(0, 4)) await setVote(t.db, m.id, id, true);
      const before = await forYou.feed(m.id, 40);
      const ids = before.items.map((i) => i.paper.id);
      const [twinA, twinB] = corpus.twins;
      assert.ok(ids.includes(twinA) && ids.includes(twinB), 'both twins are suggested');
      assert.ok(before.items.some((i) => /papers you upvoted/.test(i.reasons[0]!)));
      assert.ok((await markNotInterested(t.db, m, twinA)).ok);
      const after = (await forYou.feed(m.id, 40)).items.map((i) => i.paper.id);
      assert.ok(!after.includes(twinA), 'the paper is gone');
      assert.ok(!after.includes(twinB), 'its near twin is gone with it');
      assert.ok(after.filter((id) => topicOf(id) === 'diffusion').length >= 3, 'other papers of the topic stay');
    });

    test("following another member's public collection brings its papers, explained", async () => {
      const owner = await member();
      const reader = await member();
      const col = await createCollection(t.db, owner, { name: 'Qubits', isPublic: true });
      assert.ok(col.ok);
      for (const id of corpus.byTopic.quantum.slice(0, 3)) assert.ok((await savePaper(t.db, owner, id, { collectionId: col.id })).ok);
      assert.ok((await follow(t.db, reader, 'collection', String(col.id))).ok);
      const feed = await forYou.feed(reader.id, 10);
      assert.equal(topicOf(feed.items[0]!.paper.id), 'quantum');
      const quoted = `in ${owner.name}'s "Qubits" collection, which you follow`;
      assert.ok(feed.items.some((i) => i.reasons.includes(quoted)), JSON.stringify(feed.items.map((i) => i.reasons)));
    });

    test('a followed search matches by keyword and says so', async () => {
      const m = await member();
      assert.ok((await follow(t.db, m, 'keyword', 'superconducting qubits')).ok);
      const feed = await forYou.feed(m.id, 5);
      assert.ok(feed.items.length > 0);
      assert.ok(feed.items.every((i) => topicOf(i.paper.id) === 'quantum' && i.reasons.includes('matches your search "superconducting qubits"')));
    });
  });
}
