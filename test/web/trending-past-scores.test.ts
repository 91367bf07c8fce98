// A past window's trending scores kept between requests (trending/listing.ts PastScores): the same
// listing, counts, pages and paper standings as computed afresh, and a curator's hide shows at once.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabases, type OpenedTestDb } from '../helpers/db.ts';
import { loadHfDays } from '../helpers/hf-days.ts';
import { DAYS } from '../helpers/web-app.ts';
import { WebClient } from '../helpers/web-client.ts';
import { RateLimiter } from '../../src/web/rate-limit.ts';
import { loadConfig } from '../../src/config.ts';
import { createApp } from '../../src/web/app.ts';
import { findOrCreateUser } from '../../src/community/accounts.ts';
import { insertSession } from '../../src/store/auth-tokens.ts';
import { hashSecret, newSecret } from '../../src/community/secrets.ts';
import { createPastScores, getPaperTrendingNow, loadTrending } from '../../src/trending/listing.ts';

/** Paper ids in the order their rows appear. */
const rowIds = (html: string) => [...html.matchAll(/<li class="paper-row">.*?href="\/papers\/([^"]+)"/gs)].map((m) => m[1]!);

for (const database of testDatabases()) {
  describe(`kept trending scores of a past window (${database.name})`, () => {
    let t: OpenedTestDb;
    before(async () => {
      t = await database.open();
      await loadHfDays(t.db, DAYS);
    });
    after(() => t?.close());

    test('list the same papers, scores, totals and pages as computed afresh, and the same paper standings', async () => {
      const past = createPastScores({ maxAgeMs: 60_000 });
      for (const window of ['day', 'week', 'month'] as const) {
        for (const offset of [0, 5, 1000]) {
          const fresh = await loadTrending(t.db, { window, limit: 5, offset });
          // Twice: computed, then kept.
          for (let i = 0; i < 2; i++) {
            // The kept list also says which catalog version it was checked against (what the footer shows).
            const { version, ...kept } = await loadTrending(t.db, { window, limit: 5, offset, past });
            assert.ok(version !== undefined && version > 0);
            assert.deepEqual(kept, fresh, `${window} at ${offset}`);
          }
          assert.ok(fresh.fellBack, 'the recorded days are long past: the window falls back to them');
        }
        const day = await loadTrending(t.db, { window, day: DAYS[2], limit: 10 });
        assert.deepEqual(await loadTrending(t.db, { window, day: DAYS[2], limit: 10, past }), day, `${window} as of ${DAYS[2]}`);
      }
      const listed = (await loadTrending(t.db, { window: 'week', limit: 3 })).papers.map((p) => p.id);
      for (const id of [...listed, '0000.00000']) {
        assert.deepEqual(await getPaperTrendingNow(t.db, id, 'week', Date.now(), past), await getPaperTrendingNow(t.db, id, 'week'), id);
      }
    });

    test('a curator hiding a listed paper takes it off the trending page at once, with the response cache off', async () => {
      const config = loadConfig({ DEMO_DIR: '', PUBLIC_URL: 'http://localhost', SECRET_KEY: 'test-secret', RESPONSE_CACHE_ENTRIES: '0' });
      const app = createApp({ db: t.db, config, limiter: new RateLimiter(), mailer: null });
      const user = await findOrCreateUser(t.db, 'curator@example.org', 'curator', 'curator');
      const secret = newSecret();
      await insertSession(t.db, { hash: hashSecret(secret), userId: user.id, expiresAt: Date.now() + 3_600_000 });
      const curator = new WebClient(app);
      curator.cookies.set('pb_session', secret);
      const before = rowIds((await curator.get('/?window=month')).html);
      assert.equal(before.length, 30, 'a full first page (the month lists more papers than one page holds)');
      const [first, second] = before;
      assert.equal((await curator.post(`/papers/${first}/hide`, { hidden: '1' })).status, 303);
      const visitor = rowIds(await (await app.request('/?window=month')).text());
      assert.ok(!visitor.includes(first!), 'the hidden paper is gone');
      assert.equal(visitor[0], second, 'the next one moves up');
      assert.equal(visitor.length, 30, 'and the first of the next page fills the page');
      assert.equal((await curator.post(`/papers/${first}/hide`, { hidden: '0' })).status, 303);
      assert.deepEqual(rowIds(await (await app.request('/?window=month')).text()), before, 'unhidden: back in its place');
    });
  });
}
