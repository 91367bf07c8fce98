// Several web processes over one database behave as one: rate limits share one budget, and a write
// through one process drops the other's cached pages at once (PostgreSQL LISTEN/NOTIFY). Each
// "process" is an app with its own database connection, as `serve --processes N` runs them.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config.ts';
import { openDb, type Db } from '../../src/db/db.ts';
import { createApp } from '../../src/web/app.ts';
import { StoreRateLimiter } from '../../src/web/rate-limit.ts';
import { openCacheInvalidation, type CacheInvalidation } from '../../src/web/cache-invalidation.ts';
import { upsertPapers } from '../../src/store/papers.ts';
import { insertUser } from '../../src/store/users.ts';
import { insertApiToken } from '../../src/store/auth-tokens.ts';
import { hashSecret } from '../../src/community/secrets.ts';
import { newApiToken } from '../../src/community/secrets.ts';
import { testDatabases, testPostgresUrl, postgresTestDatabase, type OpenedTestDb } from '../helpers/db.ts';
import { paperInput } from '../helpers/papers.ts';
import { enqueueJobs } from '../../src/store/jobs.ts';
import { runWorker } from '../../src/jobs/worker.ts';
import { CACHE_CHANNEL } from '../../src/store/notifications.ts';

const config = loadConfig({ DEMO_DIR: '', TRUST_PROXY: '1', SECRET_KEY: 'shared' });

for (const database of testDatabases()) {
  describe(`rate limits shared by processes (${database.name})`, () => {
    let t: OpenedTestDb;
    let other: Db;
    before(async () => {
      t = await database.open();
      other = await openDb(t.url);
    });
    after(async () => {
      await other?.close();
      await t?.close();
    });

    it('two processes allow one budget between them, not one each', async () => {
      const a = createApp({ db: t.db, config, mailer: null });
      const b = createApp({ db: other, config, mailer: null });
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        const app = i % 2 === 0 ? a : b;
        const res = await app.request('/api/subscriptions', {
          method: 'POST',
          body: JSON.stringify({ email: `shared${i}@example.org` }),
          headers: { 'content-type': 'application/json', 'x-forwarded-for': '192.0.2.7' },
        });
        statuses.push(res.status);
        if (res.status === 429) assert.ok(Number(res.headers.get('retry-after')) > 0);
      }
      assert.deepEqual(statuses, [202, 202, 202, 202, 202, 429], 'the subscription budget is 5 a minute per client');
    });

    it('buckets refill with time and are separate per client and per rule', async () => {
      let now = 1_000_000;
      const limiter = new StoreRateLimiter(t.db, () => now);
      const rule = { name: 'test-rule', burst: 2, perMs: 1_000 };
      assert.deepEqual([await limiter.take(rule, 'x'), await limiter.take(rule, 'x')], [0, 0]);
      assert.equal(await limiter.take(rule, 'x'), 1_000);
      assert.equal(await limiter.take(rule, 'y'), 0, 'another client');
      assert.equal(await limiter.take({ ...rule, name: 'other-rule' }, 'x'), 0, 'another rule');
      now += 500;
      assert.equal(await limiter.take(rule, 'x'), 500, 'half a token is not enough');
      now += 500;
      assert.equal(await limiter.take(rule, 'x'), 0);
      assert.equal(await limiter.take(rule, 'a\u0000b'), 0, 'any key, even one PostgreSQL text cannot hold raw');
    });
  });
}

describe('cached pages across processes (postgres)', { skip: testPostgresUrl ? false : 'TEST_DATABASE_URL is not set' }, () => {
  let t: OpenedTestDb;
  let other: Db;
  const channels: CacheInvalidation[] = [];
  before(async () => {
    t = await postgresTestDatabase(testPostgresUrl!).open();
    other = await openDb(t.url);
    await upsertPapers(t.db, [paperInput({ id: '2512.00777', title: 'Cached across processes', publishedAt: Date.now() })]);
  });
  after(async () => {
    for (const c of channels) await c.close();
    await other?.close();
    await t?.close();
  });

  it('a vote through one process is shown by the other on its next request, not after its cache expires', { timeout: 20_000 }, async () => {
    const user = (await insertUser(t.db, { email: 'voter@example.org', name: 'voter', role: 'member' }))!;
    const token = newApiToken();
    await insertApiToken(t.db, { hash: hashSecret(token), userId: user.id, name: 'test' });
    const [ca, cb] = [(await openCacheInvalidation(t.db))!, (await openCacheInvalidation(other))!];
    channels.push(ca, cb);
    const a = createApp({ db: t.db, config, mailer: null, cacheInvalidation: ca });
    const b = createApp({ db: other, config, mailer: null, cacheInvalidation: cb });
    const upvotesOnB = async () => (await (await b.request('/api/papers/2512.00777')).json()).upvotes;
    assert.equal(await upvotesOnB(), 0);
    assert.equal(await upvotesOnB(), 0, 'now cached by B');

    const heard = new Promise<void>((resolve) => cb.subscribe(() => resolve()));
    const vote = await a.request('/api/papers/2512.00777/upvote', { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    assert.equal(vote.status, 200);
    await heard;
    assert.equal(await upvotesOnB(), 1);
  });

  it('a job run makes web processes drop their cached pages only when it changes what pages show', { timeout: 30_000 }, async () => {
    const heard: string[] = [];
    let trendingHeard!: () => void;
    const done = new Promise<void>((resolve) => (trendingHeard = resolve));
    const subscription = await other.listen!(CACHE_CHANNEL, (payload) => {
      heard.push(payload);
      if (payload === 'trending-recompute') trendingHeard();
    }, () => {});
    try {
      const now = Date.now();
      // The mail outbox (every minute) first, then the trending scores, which pages show.
      await enqueueJobs(t.db, [{ name: 'mail-send', runAt: now - 2 }, { name: 'trending-recompute', runAt: now - 1 }], now);
      assert.equal(await runWorker({ db: t.db, config, schedule: false, exitWhenIdle: true, pollMs: 20 }), 2);
      // Announcements of one session arrive in order: had the mail job announced, it would be here already.
      await done;
      assert.deepEqual(heard, ['trending-recompute']);
    } finally {
      await subscription.close();
    }
  });

  it('after its listening connection is terminated, a process reconnects and drops its cache', { timeout: 20_000 }, async () => {
    const cb = (await openCacheInvalidation(other))!;
    channels.push(cb);
    const reconnected = new Promise<void>((resolve) => cb.subscribe(() => resolve()));
    await t.db.get({ text: `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = 'LISTEN paperboy_cache' AND pid <> pg_backend_pid()`, values: [] } as never);
    await reconnected;
    const heard = new Promise<void>((resolve) => cb.subscribe(() => resolve()));
    cb.publish({ all: true });
    await heard;
  });
});
