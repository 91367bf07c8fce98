// A paper hidden by a moderator answers like a missing one on every path: page, Markdown, versions, API, search, feeds.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabases, type OpenedTestDb } from '../helpers/db.ts';
import { upsertPapers } from '../../src/store/papers.ts';
import { setPaperHidden } from '../../src/store/paper-community.ts';
import { loadConfig } from '../../src/config.ts';
import { createApp } from '../../src/web/app.ts';
import { createSearchService } from '../../src/search/service.ts';
import { CORPUS } from '../helpers/search-corpus.ts';

const HIDDEN = '2402.00003';
const TITLE = 'Diffusion models for image synthesis';
const ABSTRACT = 'reversing a noising process';

for (const database of testDatabases()) {
  describe(`hidden papers (${database.name})`, () => {
    let t: OpenedTestDb;
    let app: ReturnType<typeof createApp>;
    before(async () => {
      t = await database.open();
      await upsertPapers(t.db, CORPUS);
      await setPaperHidden(t.db, HIDDEN, Date.now());
      const search = createSearchService(t.db, { refreshMs: -1 });
      app = createApp({ db: t.db, config: loadConfig({ DEMO_DIR: '', PUBLIC_URL: 'https://p.example' }), search });
    });
    after(() => t.close());

    test('its own URLs answer 404 without its title or abstract', async () => {
      for (const path of [
        `/papers/${HIDDEN}`,
        `/papers/${HIDDEN}v1`,
        `/papers/${HIDDEN}.md`,
        `/papers/${HIDDEN}v1.md`,
        `/api/papers/${HIDDEN}`,
        `/api/papers/${HIDDEN}v2`,
        `/api/papers/${HIDDEN}/similar`,
        `/api/papers/${HIDDEN}v1/similar`,
      ]) {
        const res = await app.request(path);
        const body = await res.text();
        assert.equal(res.status, 404, path);
        assert.ok(!body.includes(TITLE) && !body.includes(ABSTRACT), `${path} leaks the paper`);
      }
    });

    test('listings, search, similar papers and feeds leave it out', async () => {
      for (const path of [
        '/search?q=diffusion+image+synthesis',
        '/api/papers/search?q=diffusion+image+synthesis',
        '/api/search?q=diffusion+image+synthesis',
        '/api/papers/search?q=diffusion&mode=semantic',
        '/api/papers/2402.00004/similar',
        '/papers/2402.00004',
        '/feeds/search.rss?q=diffusion+image',
        '/feeds/category/cs.CV.json',
        '/papers/date/2024-02-02',
        '/api/daily_papers?date=2024-02-02',
      ]) {
        const res = await app.request(path);
        const body = await res.text();
        assert.equal(res.status, 200, path);
        assert.ok(!body.includes(HIDDEN) && !body.includes(TITLE), `${path} lists the hidden paper`);
      }
    });
  });
}
