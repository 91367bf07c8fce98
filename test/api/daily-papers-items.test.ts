// /api/daily_papers joins each paper's item JSON kept between requests: the same bytes as the page
// serialised whole, and a vote or a re-import shows in the next answer (response cache off).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabases, type OpenedTestDb } from '../helpers/db.ts';
import { loadHfDays, hfDayInputs } from '../helpers/hf-days.ts';
import { DAYS } from '../helpers/web-app.ts';
import { loadConfig } from '../../src/config.ts';
import { createApp } from '../../src/web/app.ts';
import { dailyPapersPage } from '../../src/api/daily-papers.ts';
import { safeJsonStringify } from '../../src/api/json.ts';
import { findOrCreateUser } from '../../src/community/accounts.ts';
import { setVote } from '../../src/store/votes.ts';
import { upsertPapers } from '../../src/store/papers.ts';

for (const database of testDatabases()) {
  describe(`/api/daily_papers items (${database.name})`, () => {
    let t: OpenedTestDb;
    let app: ReturnType<typeof createApp>;
    before(async () => {
      t = await database.open();
      await loadHfDays(t.db, DAYS);
      app = createApp({ db: t.db, config: loadConfig({ DEMO_DIR: '', PUBLIC_URL: 'https://p.example', RESPONSE_CACHE_ENTRIES: '0' }), mailer: null });
    });
    after(() => t?.close());

    const answer = async (query: string) => (await app.request(`/api/daily_papers?${query}`)).text();
    const whole = async (query: string) => {
      const params = new URLSearchParams(query);
      return safeJsonStringify((await dailyPapersPage(t.db, (n) => params.get(n) ?? undefined, 'https://p.example')).items);
    };

    test('answers the same bytes as the items serialised whole, first and again', async () => {
      for (const query of ['', 'month=2025-12&limit=7', 'month=2025-12&limit=7&p=1', `date=${DAYS[0]}&sort=publishedAt`]) {
        const expected = await whole(query);
        assert.ok(expected.length > 2, query);
        assert.equal(await answer(query), expected, query);
        assert.equal(await answer(query), expected, `${query} (kept items)`);
      }
    });

    test('a vote and a re-import show in the next answer', async () => {
      const query = `date=${DAYS[0]}`;
      const [first] = JSON.parse(await answer(query)) as { paper: { id: string; upvotes: number; title: string } }[];
      const user = await findOrCreateUser(t.db, 'voter@example.org', 'member', 'voter');
      await setVote(t.db, user.id, first!.paper.id, true);
      const voted = JSON.parse(await answer(query)).find((i: { paper: { id: string } }) => i.paper.id === first!.paper.id);
      assert.equal(voted.paper.upvotes, first!.paper.upvotes + 1);
      const input = hfDayInputs(DAYS[0]!).find((p) => p.id === first!.paper.id)!;
      await upsertPapers(t.db, [{ ...input, title: 'A corrected title' }], Date.now() + 1000);
      const reimported = JSON.parse(await answer(query)).find((i: { paper: { id: string } }) => i.paper.id === first!.paper.id);
      assert.equal(reimported.paper.title, 'A corrected title');
      assert.equal(await answer(query), await whole(query));
    });
  });
}
