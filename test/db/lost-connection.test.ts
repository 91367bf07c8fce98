// PostgreSQL: a read whose connection is terminated under it (pg_terminate_backend, a server
// restart) is asked again on a fresh connection rather than failing the page; a write is not.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { sql } from '../../src/db/db.ts';
import { testPostgresUrl, postgresTestDatabase, type OpenedTestDb } from '../helpers/db.ts';

describe('reads survive a terminated connection (postgres)', { skip: testPostgresUrl ? false : 'TEST_DATABASE_URL is not set' }, () => {
  let t: OpenedTestDb;
  let admin: pg.Client;
  before(async () => {
    t = await postgresTestDatabase(testPostgresUrl!).open();
    admin = new pg.Client({ connectionString: testPostgresUrl! });
    await admin.connect();
    await t.db.exec('CREATE TABLE lost_conn (n INTEGER)');
  });
  after(async () => {
    await admin?.end();
    await t?.close();
  });

  /** Terminates the backend running `marker` as soon as it shows up in pg_stat_activity. */
  async function terminateWhenRunning(marker: string): Promise<void> {
    for (let i = 0; i < 200; i++) {
      const r = await admin.query(`SELECT count(pg_terminate_backend(pid)) AS n FROM pg_stat_activity WHERE query LIKE $1 AND pid <> pg_backend_pid()`, [`%${marker}%`]);
      if (Number(r.rows[0].n) > 0) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`${marker} never ran`);
  }

  it('a SELECT whose backend is terminated mid-query is answered from a new connection', { timeout: 20_000 }, async () => {
    const reading = t.db.get<{ v: number }>(sql`SELECT 41 + 1 AS v, pg_sleep(0.5) AS read_marker_a`);
    await terminateWhenRunning('read_marker_a');
    assert.equal((await reading)?.v, 42);
  });

  it('after every connection of the pool is terminated at once, the reads and transactions asked next succeed', { timeout: 30_000 }, async () => {
    for (let round = 0; round < 3; round++) {
      // Several idle connections in the pool, each with its backend's pid.
      const pids = await Promise.all(Array.from({ length: 6 }, () => t.db.get<{ pid: number }>(sql`SELECT pg_backend_pid() AS pid, pg_sleep(0.05)`)));
      await admin.query('SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid', [pids.map((p) => p!.pid)]);
      const reads = Array.from({ length: 8 }, (_, i) => t.db.get<{ v: number }>(sql`SELECT ${i} + 1 AS v`));
      const writes = Array.from({ length: 3 }, (_, i) => t.db.transaction((tx) => tx.run(sql`INSERT INTO lost_conn (n) VALUES (${100 + i})`)));
      const outcomes = await Promise.allSettled([...reads, ...writes]);
      const failed = outcomes.flatMap((o) => (o.status === 'rejected' ? [(o.reason as Error).message] : []));
      assert.deepEqual(failed, [], `round ${round}: every read and transaction succeeds`);
      assert.deepEqual(
        outcomes.slice(0, 8).map((o) => (o as PromiseFulfilledResult<{ v: number }>).value.v),
        [1, 2, 3, 4, 5, 6, 7, 8],
      );
    }
    const stored = await t.db.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM lost_conn WHERE n >= 100`);
    assert.equal(Number(stored?.n), 9, 'each transaction ran once');
  });

  it('a write whose backend is terminated fails (it may or may not have happened), rather than run twice', { timeout: 20_000 }, async () => {
    // The outcome is observed at once: under load the write can fail before the termination loop
    // returns, and an unobserved rejection would be reported as an unhandled error.
    const writing = t.db.run(sql`INSERT INTO lost_conn (n) SELECT 1 FROM pg_sleep(0.5) AS write_marker_b`).then(
      () => null,
      (err: Error) => err,
    );
    await terminateWhenRunning('write_marker_b');
    assert.ok((await writing) instanceof Error, 'the write whose backend was terminated must fail');
  });
});
