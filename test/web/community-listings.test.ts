// Listings and the community: rows carry upvote buttons and members' votes; hidden papers disappear.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabases, type OpenedTestDb } from '../helpers/db.ts';
import { paperInput } from '../helpers/papers.ts';
import { WebClient } from '../helpers/web-client.ts';
import { loadConfig } from '../../src/config.ts';
import { createApp } from '../../src/web/app.ts';
import { upsertPapers } from '../../src/store/papers.ts';
import { findOrCreateUser } from '../../src/community/accounts.ts';
import { insertSession } from '../../src/store/auth-tokens.ts';
import { hashSecret, newSecret } from '../../src/community/secrets.ts';

const daily = (upvotes: number) => ({
  featuredOn: '2026-11-20', submittedBy: null, upvotes, numComments: 0, githubStars: null, aiKeywords: [], aiSummary: null,
});

for (const kind of testDatabases()) {
  describe(`listings with community votes on ${kind.name}`, () => {
    let t: OpenedTestDb;
    before(async () => {
      t = await kind.open();
      await upsertPapers(t.db, [
        paperInput({ id: '2511.00001', title: 'Alpha paper', publishedAt: Date.UTC(2026, 10, 19), daily: daily(5), source: 'hf-daily' }),
        paperInput({ id: '2511.00002', title: 'Beta paper', publishedAt: Date.UTC(2026, 10, 19), daily: daily(4), source: 'hf-daily' }),
      ]);
    });
    after(() => t.close());

    /** A browser already signed in as a new member of this role (sessions made in the store). */
    async function member(app: ReturnType<typeof createApp>, email: string, role: 'member' | 'curator' = 'member') {
      const user = await findOrCreateUser(t.db, email, role, null);
      const secret = newSecret();
      await insertSession(t.db, { hash: hashSecret(secret), userId: user.id, expiresAt: Date.now() + 60_000 });
      const client = new WebClient(app, email);
      client.cookies.set('pb_session', secret);
      return client;
    }

    test('members’ votes count in the rows and reorder the day; rows carry the upvote toggle', async () => {
      const app = createApp({ db: t.db, config: loadConfig({ DEMO_DIR: '', TRUST_PROXY: '1' }) });
      const visitor = new WebClient(app);
      assert.match((await visitor.get('/papers/date/2026-11-20')).html, /Alpha paper[\s\S]*data-upvote-count="true">5<[\s\S]*Beta paper[\s\S]*data-upvote-count="true">4</);
      for (const email of ['a@example.org', 'b@example.org']) {
        const m = await member(app, email);
        await m.get('/papers/date/2026-11-20');
        assert.equal((await m.post('/papers/2511.00002/upvote', { vote: '1' })).status, 303);
      }
      assert.match((await visitor.get('/papers/date/2026-11-20')).html, /Beta paper[\s\S]*data-upvote-count="true">6<[\s\S]*Alpha paper[\s\S]*data-upvote-count="true">5</);
      const a = await member(app, 'a@example.org');
      const rows = (await a.get('/papers/date/2026-11-20')).html;
      assert.match(rows, /action="\/papers\/2511.00002\/upvote"[\s\S]*?aria-pressed="true"[^>]*>▲ <span data-upvote-count[^>]*>6</);
      assert.match(rows, /action="\/papers\/2511.00001\/upvote"[\s\S]*?aria-pressed="false"[^>]*>▲ <span data-upvote-count[^>]*>5</);
      const api = await (await app.request('/api/daily_papers?date=2026-11-20')).json();
      assert.deepEqual(api.map((i: { paper: { id: string; upvotes: number } }) => [i.paper.id, i.paper.upvotes]), [['2511.00002', 6], ['2511.00001', 5]]);
    });

    test('a paper a curator hides leaves the listings and its page; the curator still sees it', async () => {
      const app = createApp({ db: t.db, config: loadConfig({ DEMO_DIR: '', TRUST_PROXY: '1' }) });
      const curator = await member(app, 'cur@example.org', 'curator');
      await curator.get('/papers/2511.00001');
      assert.equal((await curator.post('/papers/2511.00001/hide', { hidden: '1', reason: 'duplicate' })).status, 303);
      const visitor = new WebClient(app);
      const day = (await visitor.get('/papers/date/2026-11-20')).html;
      assert.doesNotMatch(day, /Alpha paper/);
      assert.match(day, /Beta paper/);
      assert.equal((await visitor.get('/papers/2511.00001')).status, 404);
      assert.match((await curator.get('/papers/2511.00001')).html, /hidden from listings by a moderator/);
      await curator.post('/papers/2511.00001/hide', { hidden: '0' });
      assert.match((await visitor.get('/papers/date/2026-11-20')).html, /Alpha paper/);
    });
  });
}
