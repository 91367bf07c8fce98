// NUL and other control characters in a URL, query, form field or JSON field get a 400 that says
// where: never a 500, never stored, never mailed. Tabs and newlines in text areas stay allowed.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabases, type OpenedTestDb } from '../helpers/db.ts';
import { loadConfig } from '../../src/config.ts';
import { createApp } from '../../src/web/app.ts';
import { RateLimiter } from '../../src/web/rate-limit.ts';
import { upsertPapers } from '../../src/store/papers.ts';
import { paperInput } from '../helpers/papers.ts';
import { findOrCreateUser } from '../../src/community/accounts.ts';
import { hashSecret, newApiToken } from '../../src/community/secrets.ts';
import { insertApiToken, listApiTokens } from '../../src/store/auth-tokens.ts';
import { listPaperComments } from '../../src/store/comments.ts';
import { countSubscribersByState } from '../../src/store/subscribers.ts';
import { WebClient } from '../helpers/web-client.ts';

const PAPER = '2511.00042';

for (const database of testDatabases()) {
  describe(`control characters at the edge (${database.name})`, () => {
    let t: OpenedTestDb;
    let app: ReturnType<typeof createApp>;
    let userId: number;
    let bearer: string;
    before(async () => {
      t = await database.open();
      await upsertPapers(t.db, [paperInput({ id: PAPER, publishedAt: Date.now() })]);
      userId = (await findOrCreateUser(t.db, 'member@example.org', 'member', 'member')).id;
      bearer = newApiToken();
      await insertApiToken(t.db, { hash: hashSecret(bearer), userId, name: 'existing' });
      app = createApp({ db: t.db, config: loadConfig({ DEMO_DIR: '', PUBLIC_URL: 'https://pb.test' }), mailer: null, limiter: new RateLimiter() });
    });
    after(() => t.close());

    const form = (path: string, fields: Record<string, string>) =>
      app.request(path, {
        method: 'POST',
        headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
      });

    test('a NUL in a JSON subscription email is a 400 naming the field, and nothing is stored', async () => {
      const res = await app.request('/api/subscriptions', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"email":"nul\\u0000x@example.com","frequency":"daily"}',
      });
      assert.equal(res.status, 400);
      assert.match((await res.json()).error, /body\.email contains a control character \(U\+0000\)/);
      assert.deepEqual(await countSubscribersByState(t.db), []);
    });

    test('a NUL in the subscribe form is a 400 page, and nothing is stored', async () => {
      const client = new WebClient(app, '192.0.2.5');
      const res = await client.post('/subscribe', { email: 'nul\u0000x@example.com' });
      assert.equal(res.status, 400);
      assert.match(await res.text(), /Field &quot;email&quot; contains a control character \(U\+0000\)/);
      assert.deepEqual(await countSubscribersByState(t.db), []);
    });

    test('comment bodies and token names with control characters are refused; newlines in a comment are fine', async () => {
      for (const body of ['bad\u0000comment', 'bell\u0007', 'escape \u001b[31m']) {
        assert.equal((await form(`/papers/${PAPER}/comments`, { body })).status, 400, JSON.stringify(body));
      }
      assert.equal((await listPaperComments(t.db, PAPER)).length, 0);
      assert.equal((await form(`/papers/${PAPER}/comments`, { body: 'two\r\nlines\tand a tab' })).status, 303);
      assert.equal((await listPaperComments(t.db, PAPER)).length, 1);
      assert.equal((await form('/settings/tokens', { name: 'a\u0000b' })).status, 400);
      assert.deepEqual((await listApiTokens(t.db, userId)).map((tk) => tk.name), ['existing']);
    });

    test('control characters in the path or query are a 400, never a 500', async () => {
      for (const path of ['/u/a%00b', '/papers/2511.00042%00', '/search?q=a%00b', '/papers?sort=%1b']) {
        const res = await app.request(path);
        assert.equal(res.status, 400, path);
        assert.match(await res.text(), /control character/);
      }
      const api = await app.request('/api/daily_papers?date=2025-01-01%00');
      assert.equal(api.status, 400);
      assert.match((await api.json()).error, /Parameter "date" contains a control character/);
    });
  });
}
