// The client address behind trusted proxies: a client-written X-Forwarded-For entry buys no fresh rate-limit budget.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabases, type OpenedTestDb } from '../helpers/db.ts';
import { loadConfig, ConfigError } from '../../src/config.ts';
import { createApp, RATE_LIMITS } from '../../src/web/app.ts';
import { RateLimiter } from '../../src/web/rate-limit.ts';
import { WebClient } from '../helpers/web-client.ts';

/** Posts the sign-in form n times, each from a fresh browser sending the given X-Forwarded-For. */
async function signInStatuses(app: ReturnType<typeof createApp>, forwardedFor: (i: number) => string, n: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < n; i++) {
    const res = await new WebClient(app, forwardedFor(i)).post('/signin', { email: 'a@example.org' });
    statuses.push(res.status);
  }
  return statuses;
}

for (const database of testDatabases()) {
  describe(`client address behind proxies (${database.name})`, () => {
    let t: OpenedTestDb;
    before(async () => {
      t = await database.open();
    });
    after(() => t.close());

    test('with TRUST_PROXY=1 (one hop), a forged leftmost X-Forwarded-For entry does not bypass the sign-in limit', async () => {
      const app = createApp({ db: t.db, config: loadConfig({ DEMO_DIR: '', TRUST_PROXY: '1' }), limiter: new RateLimiter(), mailer: null });
      // The proxy appends the real address (203.0.113.9) after whatever the client wrote.
      const statuses = await signInStatuses(app, (i) => `198.51.100.${i}, 203.0.113.9`, 12);
      const limited = statuses.filter((s) => s === 429).length;
      assert.equal(limited, 12 - RATE_LIMITS.signIn.burst, `statuses ${statuses.join(',')}`);
    });

    test('with two hops the client is the second entry from the right', async () => {
      const app = createApp({ db: t.db, config: loadConfig({ DEMO_DIR: '', TRUST_PROXY_HOPS: '2' }), limiter: new RateLimiter(), mailer: null });
      const sameClient = await signInStatuses(app, (i) => `forged-${i}, 203.0.113.7, 10.0.0.${i}`, 8);
      assert.equal(sameClient.filter((s) => s === 429).length, 8 - RATE_LIMITS.signIn.burst);
      // Different real clients behind the same inner proxy each have their own budget.
      const distinct = await signInStatuses(app, (i) => `203.0.113.${100 + i}, 10.0.0.1`, 8);
      assert.equal(distinct.filter((s) => s === 429).length, 0);
    });
  });
}

test('TRUST_PROXY_HOPS is a small whole number and agrees with TRUST_PROXY', () => {
  assert.equal(loadConfig({ TRUST_PROXY: '1' }).trustProxyHops, 1);
  assert.equal(loadConfig({ TRUST_PROXY_HOPS: '3' }).trustProxyHops, 3);
  assert.equal(loadConfig({}).trustProxyHops, 0);
  assert.throws(() => loadConfig({ TRUST_PROXY_HOPS: 'x' }), ConfigError);
  assert.throws(() => loadConfig({ TRUST_PROXY: '1', TRUST_PROXY_HOPS: '2' }), /TRUST_PROXY_HOPS/);
});
