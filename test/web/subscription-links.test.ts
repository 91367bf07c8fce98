// Confirmation links work once: a used one neither confirms again nor mints a manage link, and after
// unsubscribing no old confirmation link (used or not) subscribes the address again.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabases, type OpenedTestDb } from '../helpers/db.ts';
import { loadConfig } from '../../src/config.ts';
import { createApp } from '../../src/web/app.ts';
import { RateLimiter } from '../../src/web/rate-limit.ts';
import { WebClient } from '../helpers/web-client.ts';
import { getSubscriberByEmail, insertPendingSubscriber, insertSubscriberTokens } from '../../src/store/subscribers.ts';
import { issueToken } from '../../src/digest/tokens.ts';
import { NO_TOPICS } from '../../src/digest/topics.ts';

for (const database of testDatabases()) {
  describe(`subscription confirmation links (${database.name})`, () => {
    let t: OpenedTestDb;
    let app: ReturnType<typeof createApp>;
    before(async () => {
      t = await database.open();
      app = createApp({ db: t.db, config: loadConfig({ DEMO_DIR: '', PUBLIC_URL: 'https://pb.test' }), mailer: null, limiter: new RateLimiter() });
    });
    after(() => t.close());

    /** A pending subscriber with `n` confirmation links, as if they had asked n times. */
    async function pending(email: string, n: number): Promise<string[]> {
      const now = Date.now();
      const id = (await insertPendingSubscriber(t.db, email, { frequency: 'daily', weekday: null, topics: NO_TOPICS }, now))!;
      const tokens = Array.from({ length: n }, () => issueToken());
      await insertSubscriberTokens(t.db, tokens.map((tk) => ({ hash: tk.hash, subscriberId: id, purpose: 'confirm' as const, expiresAt: now + 86_400_000 })), now);
      return tokens.map((tk) => tk.token);
    }

    async function confirm(client: WebClient, token: string): Promise<{ status: number; html: string }> {
      await client.get('/subscribe');
      const res = await client.post(`/subscribe/confirm/${token}`);
      return { status: res.status, html: await res.text() };
    }

    test('a used confirmation link does not confirm again or mint a manage link', async () => {
      const [token] = await pending('once@example.org', 1);
      const client = new WebClient(app, '192.0.2.1');
      const first = await confirm(client, token);
      assert.equal(first.status, 200);
      assert.match(first.html, /\/subscription\/[A-Za-z0-9_-]{43}/, 'the first confirmation shows a manage link');
      const again = await confirm(client, token);
      assert.equal(again.status, 404);
      assert.doesNotMatch(again.html, /\/subscription\/[A-Za-z0-9_-]{43}/);
      assert.equal((await client.get(`/subscribe/confirm/${token}`)).status, 404, 'the page behind the link says it no longer works');
    });

    test('after unsubscribing, neither the used nor an unused older confirmation link subscribes again', async () => {
      const [older, newer] = await pending('leaver@example.org', 2);
      const client = new WebClient(app, '192.0.2.2');
      const confirmed = await confirm(client, newer);
      const manage = /\/subscription\/([A-Za-z0-9_-]{43})/.exec(confirmed.html)![1];
      await client.get(`/subscription/${manage}`);
      assert.equal((await client.post(`/subscription/${manage}/unsubscribe`)).status, 200);
      assert.equal((await getSubscriberByEmail(t.db, 'leaver@example.org'))!.state, 'unsubscribed');
      for (const token of [newer, older]) {
        assert.equal((await confirm(client, token)).status, 404);
        assert.equal((await getSubscriberByEmail(t.db, 'leaver@example.org'))!.state, 'unsubscribed');
      }
    });
  });
}
