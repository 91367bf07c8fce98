// Digest store on every database: one run per day, one outbox row per subscriber, leases, tokens, sent papers.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as store from '../../src/store/digests.ts';
import * as subs from '../../src/store/subscribers.ts';
import { testDatabases } from '../helpers/db.ts';
import { seedConfirmedSubscribers, seedFeaturedPapers } from '../helpers/digest.ts';

const RUN = { period: 'daily' as const, dueOn: '2025-12-02', windowFrom: '2025-12-01', windowTo: '2025-12-02' };

for (const database of testDatabases()) {
  describe(`digest store (${database.name})`, () => {
    it('a rerun of the same day gets the same run, and queuing a subscriber twice keeps one row', async () => {
      const { db, close } = await database.open();
      try {
        await seedConfirmedSubscribers(db, 3);
        const a = await store.ensureDigestRun(db, RUN, 1);
        const b = await store.ensureDigestRun(db, RUN, 2);
        assert.equal(a.id, b.id);
        const ids = await store.listSubscriberIdsForRun(db, 'daily', 2, 0, 10);
        assert.equal(ids.length, 3);
        assert.equal(await store.insertOutboxRows(db, a.id, ids), 3);
        assert.equal(await store.insertOutboxRows(db, a.id, ids), 0);
        assert.deepEqual(await store.countOutboxByState(db, a.id), { pending: 3 });
      } finally {
        await close();
      }
    });

    it('weekly runs hold only the subscribers of that weekday; unsubscribed and suppressed ones are not queued', async () => {
      const { db, close } = await database.open();
      try {
        await seedConfirmedSubscribers(db, 2, { frequency: 'weekly', weekday: 2 }, 'tue.org');
        await seedConfirmedSubscribers(db, 1, { frequency: 'weekly', weekday: 5 }, 'fri.org');
        await seedConfirmedSubscribers(db, 2, {}, 'daily.org');
        await subs.unsubscribeSubscriber(db, (await subs.getSubscriberByEmail(db, 'reader1@daily.org'))!.id, 3);
        await subs.insertSuppression(db, 'reader2@tue.org', 'SMTP 550', 550, 3);
        const weeklyTue = await store.listSubscriberIdsForRun(db, 'weekly', 2, 0, 10);
        assert.equal(weeklyTue.length, 1);
        assert.equal((await store.listSubscriberIdsForRun(db, 'daily', 2, 0, 10)).length, 1);
      } finally {
        await close();
      }
    });

    it('a claimed row belongs to its sender until the lease runs out; the cursor pages by subscriber id', async () => {
      const { db, close } = await database.open();
      try {
        await seedConfirmedSubscribers(db, 5);
        const run = await store.ensureDigestRun(db, RUN, 1);
        await store.insertOutboxRows(db, run.id, await store.listSubscriberIdsForRun(db, 'daily', 2, 0, 10));
        const first = await store.claimOutboxRows(db, run.id, 'a', 0, 2, 1000, 500);
        assert.equal(first.length, 2);
        const second = await store.claimOutboxRows(db, run.id, 'b', 0, 10, 1100, 500);
        assert.equal(second.length, 3, 'rows leased to a are skipped');
        assert.ok(second.every((r) => !first.some((f) => f.id === r.id)));
        const page = await store.claimOutboxRows(db, run.id, 'c', first[0]!.subscriberId, 10, 1601, 500);
        assert.deepEqual(page.map((r) => r.id), [first[1]!.id, ...second.map((r) => r.id)], 'after the lease expires, rows past the cursor');
        await store.markOutboxRetry(db, first[1]!.id, '451 later', 451, 5000);
        assert.deepEqual(await store.getOutboxPendingSummary(db, run.id), { pending: 5, nextAt: 1500 });
        assert.equal(await store.markOutboxSent(db, second[0]!.id, '<m>', 3, 1700), true);
        assert.equal(await store.markOutboxSent(db, second[0]!.id, '<m>', 3, 1700), false, 'marked sent once');
      } finally {
        await close();
      }
    });

    it('sent papers are remembered per subscriber; tokens are found by hash and purpose until they expire', async () => {
      const { db, close } = await database.open();
      try {
        await seedFeaturedPapers(db, '2025-12-01', 3);
        const [email] = await seedConfirmedSubscribers(db, 1);
        const sub = (await subs.getSubscriberByEmail(db, email!))!;
        await store.insertSentPapers(db, sub.id, ['2512.00001', '2512.00002'], 1, 5);
        await store.insertSentPapers(db, sub.id, ['2512.00002'], 2, 6);
        const sent = await store.listSentPaperIds(db, [sub.id], ['2512.00001', '2512.00002', '2512.00003']);
        assert.deepEqual(sent.map((s) => s.paperId).sort(), ['2512.00001', '2512.00002']);
        await subs.insertSubscriberTokens(db, [{ hash: 'h1', subscriberId: sub.id, purpose: 'manage', expiresAt: 100 }], 1);
        assert.deepEqual(await subs.findSubscriberToken(db, 'h1', 'manage', 50), { subscriberId: sub.id, used: false });
        assert.equal(await subs.findSubscriberToken(db, 'h1', 'unsubscribe', 50), null, 'a manage token is not an unsubscribe token');
        assert.equal(await subs.findSubscriberToken(db, 'h1', 'manage', 100), null, 'expired');
        assert.equal(await subs.deleteExpiredSubscriberTokens(db, 100), 1);
        assert.equal(await subs.takeSubscriberMailSlot(db, sub.id, 1000, 100), true);
        assert.equal(await subs.takeSubscriberMailSlot(db, sub.id, 1050, 100), false);
        assert.equal(await subs.takeSubscriberMailSlot(db, sub.id, 1100, 100), true);
      } finally {
        await close();
      }
    });
  });
}
