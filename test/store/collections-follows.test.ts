// Collections, follows and feed feedback on every database: saving with notes, visibility, follows, "not interested".
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabases, type OpenedTestDb } from '../helpers/db.ts';
import { paperInput } from '../helpers/papers.ts';
import { upsertPapers } from '../../src/store/papers.ts';
import { insertUser } from '../../src/store/users.ts';
import { setVote } from '../../src/store/votes.ts';
import {
  getCollection, listCollectionEntries, listPublicCollectionPapers, listSavedPaperIds, listUserCollections, listUserSavedPapers,
} from '../../src/store/collections.ts';
import { countFollowers, listFollows } from '../../src/store/follows.ts';
import { listFeedback } from '../../src/store/paper-feedback.ts';
import { getSignalStamp, listRecentPapersByAuthors } from '../../src/store/for-you-signals.ts';
import {
  createCollection, DEFAULT_COLLECTION, editCollection, follow, markNotInterested, markPassed, removeCollection, savePaper, unfollow, unsavePaper, visibleCollection,
} from '../../src/foryou/member-library.ts';
import { claimAuthorship, hidePaper } from '../../src/community/moderation.ts';
import { loadMemberMarks } from '../../src/store/member-marks.ts';
import { listPaperSaves } from '../../src/store/collections.ts';
import { getClaimStatus } from '../../src/store/moderation.ts';

const DAY = 86_400_000;

for (const kind of testDatabases()) {
  describe(`collections and follows on ${kind.name}`, () => {
    let t: OpenedTestDb;
    let ann: { id: number; name: string; role: 'member' };
    let bob: { id: number; name: string; role: 'member' };
    before(async () => {
      t = await kind.open();
      const now = Date.now();
      await upsertPapers(t.db, [
        paperInput({ id: '2601.00001', title: 'Diffusion language models', authors: ['Ada Lovelace', 'Bo Li'], publishedAt: now - DAY }),
        paperInput({ id: '2601.00002', title: 'Masked diffusion for text', authors: ['Bo Li'], publishedAt: now - 2 * DAY }),
        paperInput({ id: '2601.00003', title: 'Old robotics', authors: ['Ada Lovelace_x'], publishedAt: now - 400 * DAY }),
        paperInput({ id: '2601.00004', title: 'Percent 100% sure', authors: ['C. 100%'], publishedAt: now - DAY }),
      ]);
      ann = { ...(await insertUser(t.db, { email: 'ann@example.org', name: 'ann', role: 'member' }))!, role: 'member' };
      bob = { ...(await insertUser(t.db, { email: 'bob@example.org', name: 'bob', role: 'member' }))!, role: 'member' };
    });
    after(() => t.close());

    test('a quick save goes to the reading list; saving again updates the note, not the count', async () => {
      const r = await savePaper(t.db, ann, '2601.00001', { note: 'read §3' });
      assert.ok(r.ok);
      const again = await savePaper(t.db, ann, '2601.00001', { note: 'read §3 and §4' });
      assert.ok(again.ok && r.ok && again.collectionId === r.collectionId);
      const c = (await getCollection(t.db, r.collectionId))!;
      assert.equal(c.name, DEFAULT_COLLECTION);
      assert.equal(c.isPublic, false);
      assert.equal(c.papers, 1);
      assert.deepEqual((await listCollectionEntries(t.db, c.id)).map((e) => [e.paperId, e.note]), [['2601.00001', 'read §3 and §4']]);
      assert.deepEqual([...(await listSavedPaperIds(t.db, ann.id, ['2601.00001', '2601.00002']))], ['2601.00001']);
      assert.deepEqual([...(await listSavedPaperIds(t.db, bob.id, ['2601.00001']))], []);
    });

    test('named collections: unique per member, public or private, and only the owner sees a private one', async () => {
      const made = await createCollection(t.db, ann, { name: '  Diffusion   LMs ', isPublic: true, description: 'Text diffusion' });
      assert.ok(made.ok);
      const dup = await createCollection(t.db, ann, { name: 'Diffusion LMs', isPublic: false });
      assert.equal(dup.ok, false);
      assert.match(!dup.ok ? dup.reason : '', /already have a collection named "Diffusion LMs"/);
      assert.ok((await createCollection(t.db, bob, { name: 'Diffusion LMs', isPublic: false })).ok, 'another member may use the name');
      const tooLong = await createCollection(t.db, ann, { name: 'x'.repeat(81), isPublic: false });
      assert.equal(!tooLong.ok && tooLong.kind, 'invalid');
      assert.ok((await savePaper(t.db, ann, '2601.00002', { collectionId: made.id, note: '' })).ok);
      assert.ok((await savePaper(t.db, ann, '2601.00001', { collectionId: made.id })).ok);
      const intoOthers = await savePaper(t.db, bob, '2601.00001', { collectionId: made.id });
      assert.equal(!intoOthers.ok && intoOthers.kind, 'missing', "nobody saves into another member's collection");
      const missingPaper = await savePaper(t.db, ann, '2601.99999', {});
      assert.equal(!missingPaper.ok && missingPaper.kind, 'missing');

      const reading = (await listUserCollections(t.db, ann.id)).find((c) => c.name === DEFAULT_COLLECTION)!;
      assert.equal(await visibleCollection(t.db, bob.id, reading.id), null);
      assert.equal(await visibleCollection(t.db, null, reading.id), null);
      assert.equal((await visibleCollection(t.db, ann.id, reading.id))?.id, reading.id);
      assert.equal((await visibleCollection(t.db, null, made.id))?.papers, 2);
      assert.deepEqual((await listUserCollections(t.db, ann.id, { publicOnly: true })).map((c) => c.name), ['Diffusion LMs']);
      assert.deepEqual(
        (await listPublicCollectionPapers(t.db, [made.id, reading.id])).map((p) => p.paperId).sort(),
        ['2601.00001', '2601.00002'],
        "a private collection's papers are never listed as public",
      );
      const saved = await listUserSavedPapers(t.db, ann.id);
      assert.deepEqual(saved.map((s) => `${s.paperId}:${s.collection}`).sort(), ['2601.00001:Diffusion LMs', '2601.00001:Reading list', '2601.00002:Diffusion LMs']);

      assert.ok((await editCollection(t.db, ann, made.id, { name: 'Diffusion LMs', description: '', isPublic: false })).ok);
      assert.equal(await visibleCollection(t.db, null, made.id), null, 'made private');
      assert.equal((await editCollection(t.db, bob, made.id, { name: 'mine', description: '', isPublic: true })).ok, false);
      const removed = await unsavePaper(t.db, ann, made.id, '2601.00002');
      assert.ok(removed.ok && removed.removed);
      assert.equal((await getCollection(t.db, made.id))!.papers, 1);
      assert.equal((await removeCollection(t.db, bob, made.id)).ok, false);
      assert.ok((await removeCollection(t.db, ann, made.id)).ok);
      assert.equal(await getCollection(t.db, made.id), null);
    });

    test('follows: authors, categories, keywords and public collections of others, checked', async () => {
      const pub = await createCollection(t.db, bob, { name: 'Agents', isPublic: true });
      const priv = await createCollection(t.db, bob, { name: 'Secret', isPublic: false });
      assert.ok(pub.ok && priv.ok);
      assert.ok((await follow(t.db, ann, 'author', 'Bo  Li')).ok);
      assert.ok((await follow(t.db, ann, 'author', 'Bo Li')).ok, 'following twice is fine');
      assert.ok((await follow(t.db, ann, 'category', 'cs.CL')).ok);
      assert.ok((await follow(t.db, ann, 'keyword', 'masked diffusion')).ok);
      assert.ok((await follow(t.db, ann, 'collection', String(pub.id))).ok);
      const bad = await follow(t.db, ann, 'category', 'cs.CL; DROP TABLE');
      assert.match(!bad.ok ? bad.reason : '', /not an arXiv category/);
      const hidden = await follow(t.db, ann, 'collection', String(priv.id));
      assert.equal(!hidden.ok && hidden.kind, 'missing', 'a private collection cannot be followed (or probed)');
      const own = await follow(t.db, bob, 'collection', String(pub.id));
      assert.equal(own.ok, false);
      const what = await follow(t.db, ann, 'planet', 'Mars');
      assert.match(!what.ok ? what.reason : '', /cannot be followed/);
      assert.deepEqual((await listFollows(t.db, ann.id)).map((f) => `${f.kind}:${f.target}`), [
        'author:Bo Li', 'category:cs.CL', `collection:${pub.id}`, 'keyword:masked diffusion',
      ]);
      assert.equal(await countFollowers(t.db, 'collection', String(pub.id)), 1);
      assert.ok((await unfollow(t.db, ann, 'keyword', 'masked diffusion')).ok);
      assert.equal((await listFollows(t.db, ann.id)).length, 3);
    });

    test('papers by followed authors: exact names, any case, recent only, LIKE wildcards inert', async () => {
      const from = Date.now() - 30 * DAY;
      assert.deepEqual((await listRecentPapersByAuthors(t.db, ['ada lovelace'], from)).map((p) => p.id), ['2601.00001']);
      assert.deepEqual((await listRecentPapersByAuthors(t.db, ['Bo Li'], from)).map((p) => p.id), ['2601.00001', '2601.00002']);
      assert.deepEqual((await listRecentPapersByAuthors(t.db, ['C. 100%'], from)).map((p) => p.id), ['2601.00004']);
      assert.deepEqual(await listRecentPapersByAuthors(t.db, ['%'], from), []);
      assert.deepEqual(await listRecentPapersByAuthors(t.db, ['Ada Lovelace_x'], from), [], 'too old');
    });

    test('"not interested" wins over "passed"; the signal stamp changes with every kind of signal', async () => {
      const s0 = await getSignalStamp(t.db, bob.id);
      await markPassed(t.db, bob, ['2601.00001', '2601.00002', 'not/an id!']);
      const s1 = await getSignalStamp(t.db, bob.id);
      assert.notEqual(s1, s0);
      assert.ok((await markNotInterested(t.db, bob, '2601.00002', ['2601.00001'])).ok);
      await markPassed(t.db, bob, ['2601.00002']);
      assert.deepEqual((await listFeedback(t.db, bob.id)).map((f) => `${f.paperId}:${f.kind}`).sort(), ['2601.00001:passed', '2601.00002:not_interested']);
      const s2 = await getSignalStamp(t.db, bob.id);
      await setVote(t.db, bob.id, '2601.00004', true);
      const s3 = await getSignalStamp(t.db, bob.id);
      assert.ok((await savePaper(t.db, bob, '2601.00004', {})).ok);
      const s4 = await getSignalStamp(t.db, bob.id);
      assert.ok((await follow(t.db, bob, 'author', 'Ada Lovelace')).ok);
      const s5 = await getSignalStamp(t.db, bob.id);
      const followed = await createCollection(t.db, ann, { name: 'Followed by bob', isPublic: true });
      assert.ok(followed.ok);
      assert.ok((await follow(t.db, bob, 'collection', String(followed.id))).ok);
      const s6 = await getSignalStamp(t.db, bob.id);
      await new Promise((r) => setTimeout(r, 2));
      assert.ok((await savePaper(t.db, ann, '2601.00001', { collectionId: followed.id })).ok);
      const s7 = await getSignalStamp(t.db, bob.id);
      assert.equal(new Set([s0, s1, s2, s3, s4, s5, s6, s7]).size, 8, "a followed collection's change reaches its followers' stamps");
      const missing = await markNotInterested(t.db, bob, '2601.99999');
      assert.equal(!missing.ok && missing.kind, 'missing');
    });

    test("a member's marks in one statement: the same votes, saves, claim and library as the single reads", async () => {
      const ids = ['2601.00001', '2601.00002', '2601.00004'];
      await setVote(t.db, ann.id, '2601.00002', true);
      await setVote(t.db, bob.id, '2601.00004', true);
      assert.ok((await claimAuthorship(t.db, ann, '2601.00001')).ok);
      const marks = await loadMemberMarks(t.db, ann.id, ann.name, { voted: ids, saved: ids, claims: ['2601.00001', '2601.00002'], library: '2601.00001' });
      assert.deepEqual([...marks.voted], ['2601.00002'], "only ann's own vote, not bob's");
      assert.deepEqual([...marks.saved].sort(), [...(await listSavedPaperIds(t.db, ann.id, ids))].sort());
      assert.ok(marks.saved.has('2601.00001'));
      assert.deepEqual([...marks.claims], [['2601.00001', await getClaimStatus(t.db, '2601.00001', ann.id)]]);
      assert.deepEqual(marks.library, {
        collections: await listUserCollections(t.db, ann.id),
        saves: await listPaperSaves(t.db, ann.id, '2601.00001'),
        follows: await listFollows(t.db, ann.id),
      });
      assert.ok(marks.library!.collections.length >= 2 && marks.library!.saves.length >= 1);
      // Bob follows things and saved nothing: his library has follows and no saves of this paper.
      const bobs = await loadMemberMarks(t.db, bob.id, bob.name, { voted: ids, saved: ids, claims: [], library: '2601.00001' });
      assert.deepEqual([...bobs.voted], ['2601.00004']);
      assert.deepEqual(bobs.library!.follows, await listFollows(t.db, bob.id));
      assert.ok(bobs.library!.follows.length >= 2);
      assert.deepEqual(bobs.library!.saves, []);
      // Nothing asked, nothing read.
      assert.deepEqual(await loadMemberMarks(t.db, ann.id, ann.name, { voted: [], saved: [], claims: [], library: null }), { voted: new Set(), saved: new Set(), claims: new Map(), library: null });
    });

    test('a hidden paper cannot be saved', async () => {
      const curator = { ...(await insertUser(t.db, { email: 'cur@example.org', name: 'cur', role: 'curator' }))!, role: 'curator' as const };
      assert.ok((await hidePaper(t.db, curator, '2601.00003', true, 'spam')).ok);
      const r = await savePaper(t.db, ann, '2601.00003', {});
      assert.equal(!r.ok && r.kind, 'missing');
    });
  });
}
