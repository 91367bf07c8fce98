// Community store on every database: votes and their counter, single submissions, one-use links, sessions, tokens.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabases, type OpenedTestDb } from '../helpers/db.ts';
import { paperInput } from '../helpers/papers.ts';
import { upsertPapers } from '../../src/store/papers.ts';
import { insertUser, getUserByEmail } from '../../src/store/users.ts';
import { setVote, countVotes, listVotedPaperIds } from '../../src/store/votes.ts';
import { insertSubmission, countSubmissionsOfPaper } from '../../src/store/submissions.ts';
import { getPaperCommunityFacts, listSubmittedPapers, listUpvotedPapers } from '../../src/store/paper-community.ts';
import {
  consumeLoginToken, insertLoginToken, insertSession, getSession, deleteSession, insertApiToken, useApiToken,
} from '../../src/store/auth-tokens.ts';
import { insertComment, listPaperComments, updateOwnComment, deleteOwnComment } from '../../src/store/comments.ts';
import { findOrCreateUser } from '../../src/community/accounts.ts';
import { banMember, hidePaper } from '../../src/community/moderation.ts';
import { listAuditEntries } from '../../src/store/moderation.ts';
import { getPaper, getPapersByIds, listNewestPapers } from '../../src/store/papers.ts';

for (const kind of testDatabases()) {
  describe(`community store on ${kind.name}`, () => {
    let t: OpenedTestDb;
    before(async () => {
      t = await kind.open();
      await upsertPapers(t.db, [paperInput({ id: '2511.00001', publishedAt: Date.now() }), paperInput({ id: '2511.00002' })]);
    });
    after(() => t.close());

    test('a vote is counted once however often it is set, and the counter follows the votes table', async () => {
      const u = (await insertUser(t.db, { email: 'v1@example.org', name: 'v1', role: 'member' }))!;
      const w = (await insertUser(t.db, { email: 'v2@example.org', name: 'v2', role: 'member' }))!;
      assert.deepEqual(await setVote(t.db, u.id, '2511.00001', true), { changed: true, communityUpvotes: 1 });
      assert.deepEqual(await setVote(t.db, u.id, '2511.00001', true), { changed: false, communityUpvotes: 1 });
      await Promise.all([setVote(t.db, w.id, '2511.00001', true), setVote(t.db, w.id, '2511.00001', true)]);
      assert.equal((await getPaperCommunityFacts(t.db, '2511.00001'))!.communityUpvotes, 2);
      assert.deepEqual(await setVote(t.db, u.id, '2511.00001', false), { changed: true, communityUpvotes: 1 });
      assert.deepEqual(await setVote(t.db, u.id, '2511.00001', false), { changed: false, communityUpvotes: 1 });
      assert.equal(await countVotes(t.db, '2511.00001'), 1);
      assert.deepEqual([...(await listVotedPaperIds(t.db, w.id, ['2511.00001', '2511.00002']))], ['2511.00001']);
      assert.deepEqual((await listUpvotedPapers(t.db, w.id)).map((p) => p.id), ['2511.00001']);
      const deltas: number[] = [];
      await setVote(t.db, u.id, '2511.00001', true, Date.now(), async (_tx, d) => void deltas.push(d));
      await setVote(t.db, u.id, '2511.00001', true, Date.now(), async (_tx, d) => void deltas.push(d));
      await setVote(t.db, u.id, '2511.00001', false, Date.now(), async (_tx, d) => void deltas.push(d));
      assert.deepEqual(deltas, [1, -1], 'derived counts hear only of real changes');
      const failing = async () => {
        throw new Error('tally store down');
      };
      await assert.rejects(setVote(t.db, u.id, '2511.00001', true, Date.now(), failing));
      assert.equal(await countVotes(t.db, '2511.00001'), 1, 'the vote rolled back with its derived count');
      assert.equal((await getPaperCommunityFacts(t.db, '2511.00001'))!.communityUpvotes, 1);
    });

    test('simultaneous submissions of one paper create one entry and feature it once', async () => {
      const a = (await insertUser(t.db, { email: 's1@example.org', name: 's1', role: 'member' }))!;
      const b = (await insertUser(t.db, { email: 's2@example.org', name: 's2', role: 'member' }))!;
      const results = await Promise.all([
        insertSubmission(t.db, { paperId: '2511.00002', userId: a.id, userName: a.name, day: '2026-11-29' }),
        insertSubmission(t.db, { paperId: '2511.00002', userId: b.id, userName: b.name, day: '2026-11-29' }),
        insertSubmission(t.db, { paperId: '2511.00002', userId: a.id, userName: a.name, day: '2026-11-29' }),
      ]);
      assert.equal(results.filter(Boolean).length, 1);
      assert.equal(await countSubmissionsOfPaper(t.db, '2511.00002'), 1);
      const paper = await getPaper(t.db, '2511.00002');
      assert.equal(paper!.daily!.featuredOn, '2026-11-29');
      const winner = results[1] ? 's2' : 's1';
      assert.equal(paper!.daily!.submittedBy, winner);
      assert.equal((await listSubmittedPapers(t.db, winner === 's1' ? a.id : b.id)).length, 1);
    });

    test('a login token works once and not after it expires', async () => {
      const now = 1_000_000;
      await insertLoginToken(t.db, { hash: 'h1', email: 'x@example.org', expiresAt: now + 1000 }, now);
      const uses = await Promise.all([consumeLoginToken(t.db, 'h1', now + 1), consumeLoginToken(t.db, 'h1', now + 2)]);
      assert.deepEqual(uses.filter(Boolean), ['x@example.org']);
      await insertLoginToken(t.db, { hash: 'h2', email: 'x@example.org', expiresAt: now + 1000 }, now);
      assert.equal(await consumeLoginToken(t.db, 'h2', now + 1000), null, 'expired');
      assert.equal(await consumeLoginToken(t.db, 'nope', now), null);
    });

    test('sessions and API tokens identify the member until ended, and not once banned', async () => {
      const admin = await findOrCreateUser(t.db, 'boss@example.org', 'admin', 'boss');
      const m = await findOrCreateUser(t.db, 'Member@Example.org', 'member', null);
      assert.equal(m.name, 'member');
      assert.equal((await findOrCreateUser(t.db, 'member@example.org', 'member', null)).id, m.id, 'same address, same member');
      await insertSession(t.db, { hash: 'sess', userId: m.id, expiresAt: Date.now() + 60_000 });
      await insertApiToken(t.db, { hash: 'tok', userId: m.id, name: 'cli' });
      assert.equal((await getSession(t.db, 'sess'))!.user.name, 'member');
      assert.equal((await useApiToken(t.db, 'tok'))!.email, 'member@example.org');
      const banned = await banMember(t.db, admin, 'member', true, 'spam');
      assert.equal(banned.ok, true);
      assert.equal(await getSession(t.db, 'sess'), null);
      assert.equal(await useApiToken(t.db, 'tok'), null);
      assert.notEqual((await getUserByEmail(t.db, 'member@example.org'))!.bannedAt, null);
      await insertSession(t.db, { hash: 'sess2', userId: admin.id, expiresAt: Date.now() + 60_000 });
      await deleteSession(t.db, 'sess2');
      assert.equal(await getSession(t.db, 'sess2'), null);
      assert.equal((await hidePaper(t.db, m, '2511.00001', true, null)).ok, false, 'members cannot hide papers');
      assert.equal((await hidePaper(t.db, admin, '2511.00001', true, 'off-topic')).ok, true);
      assert.notEqual((await getPaperCommunityFacts(t.db, '2511.00001'))!.hiddenAt, null);
      assert.deepEqual((await listNewestPapers(t.db, 10)).map((p) => p.id), ['2511.00002'], 'hidden papers leave the listings');
      assert.deepEqual((await getPapersByIds(t.db, ['2511.00001', '2511.00002'], { visibleOnly: true })).map((p) => p.id), ['2511.00002'], 'and search/trending results');
      assert.equal((await getPapersByIds(t.db, ['2511.00001'])).length, 1, 'the index and moderators still read it');
      const log = await listAuditEntries(t.db);
      assert.deepEqual(log.map((e) => [e.actorName, e.action, e.target, e.reason]), [
        ['boss', 'hide-paper', 'paper:2511.00001', 'off-topic'],
        ['boss', 'ban', 'user:member', 'spam'],
      ]);
    });

    test('comments thread, edit and delete only by their author', async () => {
      const u = await findOrCreateUser(t.db, 'c@example.org', 'member', 'commenter');
      const other = await findOrCreateUser(t.db, 'd@example.org', 'member', 'other');
      const top = await insertComment(t.db, { paperId: '2511.00002', userId: u.id, parentId: null, body: 'hi', html: '<p>hi</p>' });
      const reply = await insertComment(t.db, { paperId: '2511.00002', userId: other.id, parentId: top, body: 're', html: '<p>re</p>' });
      assert.equal(await updateOwnComment(t.db, { id: top, userId: other.id, body: 'x', html: 'x' }), false);
      assert.equal(await updateOwnComment(t.db, { id: top, userId: u.id, body: 'hello', html: '<p>hello</p>' }), true);
      assert.equal(await deleteOwnComment(t.db, reply, u.id), false);
      assert.equal(await deleteOwnComment(t.db, reply, other.id), true);
      const list = await listPaperComments(t.db, '2511.00002');
      assert.deepEqual(list.map((c) => [c.userName, c.parentId, c.body, c.editedAt !== null, c.deletedAt !== null]), [
        ['commenter', null, 'hello', true, false],
        ['other', top, '', false, true],
      ]);
    });
  });
}
