// Request body limits: forms and JSON are refused with 413 from their size alone, before CSRF or a
// handler reads them, and a huge or endless upload is answered without waiting for its end.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { testDatabases, type OpenedTestDb } from '../helpers/db.ts';
import { loadConfig } from '../../src/config.ts';
import { createApp } from '../../src/web/app.ts';
import { RateLimiter } from '../../src/web/rate-limit.ts';
import { BODY_LIMITS } from '../../src/web/body-limits.ts';
import { countSubscribersByState } from '../../src/store/subscribers.ts';
import { upsertPapers } from '../../src/store/papers.ts';
import { listPaperComments } from '../../src/store/comments.ts';
import { paperInput } from '../helpers/papers.ts';
import { findOrCreateUser } from '../../src/community/accounts.ts';
import { hashSecret, newApiToken } from '../../src/community/secrets.ts';
import { insertApiToken } from '../../src/store/auth-tokens.ts';
import { WebClient } from '../helpers/web-client.ts';

const PAPER = '2511.00077';

/** Sends headers and `sent` bytes of a body to a live server without finishing it; resolves with the status. */
function statusBeforeBodyEnds(port: number, path: string, headers: Record<string, string | number>, sent: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ port, host: '127.0.0.1', path, method: 'POST', headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
      req.destroy();
    });
    req.on('error', (err) => (err.message.includes('socket hang up') ? undefined : reject(err)));
    const chunk = Buffer.alloc(16 * 1024, 'a');
    for (let n = 0; n < sent; n += chunk.length) req.write(chunk);
    // No req.end(): the answer must come while the client is still sending.
  });
}

for (const database of testDatabases()) {
  describe(`request body limits (${database.name})`, () => {
    let t: OpenedTestDb;
    let app: ReturnType<typeof createApp>;
    let bearer: string;
    before(async () => {
      t = await database.open();
      await upsertPapers(t.db, [paperInput({ id: PAPER, publishedAt: Date.now() })]);
      const user = await findOrCreateUser(t.db, 'writer@example.org', 'member', 'writer');
      bearer = newApiToken();
      await insertApiToken(t.db, { hash: hashSecret(bearer), userId: user.id, name: 'test' });
      app = createApp({ db: t.db, config: loadConfig({ DEMO_DIR: '', PUBLIC_URL: 'https://pb.test' }), mailer: null, limiter: new RateLimiter() });
    });
    after(() => t.close());

    test('an oversized sign-in form is a 413 before the CSRF check reads it', async () => {
      const body = `email=a%40example.org&pad=${'x'.repeat(BODY_LIMITS.default + 1)}`;
      const res = await app.request('/signin', { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      assert.equal(res.status, 413);
      assert.match(await res.text(), /larger than this address accepts \(16 KB\)/);
    });

    test('a 10 MB JSON subscription is refused with a JSON 413 and nothing is stored', async () => {
      const body = JSON.stringify({ email: 'big@example.org', frequency: 'daily', note: 'x'.repeat(10 * 1024 * 1024) });
      const res = await app.request('/api/subscriptions', { method: 'POST', body, headers: { 'content-type': 'application/json', 'content-length': String(body.length) } });
      assert.equal(res.status, 413);
      assert.match((await res.json()).error, /larger than this address accepts/);
      assert.deepEqual(await countSubscribersByState(t.db), []);
    });

    test('a comment of the longest allowed length in three-byte characters fits its route, one past the limit does not', async () => {
      const post = (text: string) =>
        app.request(`/papers/${PAPER}/comments`, {
          method: 'POST',
          headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ body: text }).toString(),
        });
      assert.equal((await post('€'.repeat(10_000))).status, 303);
      assert.equal((await listPaperComments(t.db, PAPER)).length, 1);
      const tooBig = 'x'.repeat(BODY_LIMITS.comment + 1);
      assert.equal((await post(tooBig)).status, 413);
      // The same comment-sized body elsewhere is over that route's limit.
      const client = new WebClient(app, '192.0.2.9');
      assert.equal((await client.post('/settings/tokens', { name: 'x'.repeat(BODY_LIMITS.default) })).status, 413);
    });

    test('over a socket, a declared 100 MB body and an endless chunked one are answered while still uploading', { timeout: 20_000 }, async () => {
      const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
      await new Promise<void>((resolve) => server.once('listening', () => resolve()));
      const port = (server.address() as AddressInfo).port;
      try {
        const form = { 'content-type': 'application/x-www-form-urlencoded' };
        assert.equal(await statusBeforeBodyEnds(port, '/signin', { ...form, 'content-length': 100 * 1024 * 1024 }, 16 * 1024), 413);
        assert.equal(await statusBeforeBodyEnds(port, '/signin', { ...form, 'transfer-encoding': 'chunked' }, 64 * 1024), 413);
        assert.equal(await statusBeforeBodyEnds(port, '/api/subscriptions', { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, 64 * 1024), 413);
      } finally {
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    });
  });
}
