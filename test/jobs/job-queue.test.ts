// The job queue store on both databases: claim order, leases that expire, recurring re-arm, retries.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabases, type OpenedTestDb } from '../helpers/db.ts';
import { claimJob, enqueueJobs, finishJob, listJobs, renewJobLease, retryJob, countPendingOneOffJobs } from '../../src/store/jobs.ts';

for (const database of testDatabases()) {
  describe(`job queue on ${database.name}`, () => {
    let t: OpenedTestDb;
    before(async () => {
      t = await database.open();
    });
    after(async () => t?.close());

    it('hands each due job to one worker, and a dead worker’s job to another after its lease', async () => {
      const now = 1_000_000;
      assert.equal(await enqueueJobs(t.db, [{ name: 'a', runAt: now - 2 }, { name: 'b', runAt: now - 1 }, { name: 'later', runAt: now + 1e12 }], now), 3);
      const a = await claimJob(t.db, 'w1', 1000, now);
      const b = await claimJob(t.db, 'w2', 1000, now);
      assert.deepEqual([a?.name, b?.name], ['a', 'b']);
      assert.equal(await claimJob(t.db, 'w3', 1000, now), null, 'nothing else is due');
      // w1 dies: no renewal. After the lease, w3 gets job a (second attempt); w1 can no longer finish it.
      assert.ok(await renewJobLease(t.db, b!.id, 'w2', now + 2000));
      const again = await claimJob(t.db, 'w3', 1000, now + 1001);
      assert.equal(again?.name, 'a');
      assert.equal(again?.attempts, 2);
      assert.equal(await finishJob(t.db, a!.id, 'w1', now + 1002), false);
      assert.equal(await renewJobLease(t.db, a!.id, 'w1', now + 5000), false);
      assert.equal(await finishJob(t.db, a!.id, 'w3', now + 1003), true);
      assert.equal(await claimJob(t.db, 'w4', 1000, now + 1500), null, 'b is still leased by w2');
      await retryJob(t.db, b!.id, 'w2', now + 3000, 'boom');
      assert.equal(await countPendingOneOffJobs(t.db, now + 3000), 1);
      const retried = await claimJob(t.db, 'w4', 1000, now + 3000);
      assert.equal(retried?.name, 'b');
      assert.equal(retried?.last_error, 'boom');
      assert.ok(await finishJob(t.db, retried!.id, 'w4', now + 3001));
      assert.equal(await countPendingOneOffJobs(t.db, now + 3001), 0);
    });

    it('re-arms a recurring job instead of finishing it, and never duplicates a unique key', async () => {
      const now = 5_000_000;
      await enqueueJobs(t.db, [{ name: 'tick', uniqueKey: 'tick', everyMs: 60_000, runAt: now }], now);
      assert.equal(await enqueueJobs(t.db, [{ name: 'tick', uniqueKey: 'tick', everyMs: 60_000 }], now), 0);
      const job = await claimJob(t.db, 'w', 1000, now);
      assert.equal(job?.name, 'tick');
      assert.ok(await finishJob(t.db, job!.id, 'w', now + 10));
      const row = (await listJobs(t.db)).find((j) => j.name === 'tick')!;
      assert.equal(row.done_at, null);
      assert.equal(row.run_at, now + 10 + 60_000);
    });
  });
}
