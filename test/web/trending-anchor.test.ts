// "Trending now" on a quiet catalog ranks as of its latest active day; the web app keeps that
// window's scores between renders (PastScores in trending/listing.ts), and must still move on when an import brings a later one.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openWebFixture, type WebFixture } from '../helpers/web-app.ts';
import { paperInput } from '../helpers/papers.ts';
import { upsertPapers } from '../../src/store/papers.ts';
import { syncPaperRepos } from '../../src/trending/sync-repos.ts';

let fx: WebFixture;
before(async () => {
  fx = await openWebFixture();
});
after(async () => fx?.close());

const asOf = (html: string) => /as of <time datetime="(\d{4}-\d{2}-\d{2})">/.exec(html)?.[1];

test('the front page and a paper page follow an import that brings a later active day', async () => {
  const front = await (await fx.app.request('/')).text();
  assert.equal(asOf(front), '2025-12-31');
  const page = await (await fx.app.request('/papers/2512.23675')).text();
  assert.match(page, /\+80 stars this week/, 'the paper page explains its standing in the same window');

  // Featured on 5 January 2026 with stars and upvotes: the latest activity is now that day.
  await upsertPapers(fx.db, [
    paperInput({
      id: '2601.00042',
      title: 'A later paper that trends',
      publishedAt: Date.UTC(2026, 0, 4),
      codeUrls: ['https://github.com/example/later'],
      daily: { featuredOn: '2026-01-05', submittedBy: null, upvotes: 12, numComments: 0, githubStars: 40, aiKeywords: [], aiSummary: null },
      source: 'hf-daily',
    }),
  ]);
  await syncPaperRepos(fx.db);

  const after = await (await fx.app.request('/')).text();
  assert.equal(asOf(after), '2026-01-05', 'the week ending on the new active day');
  assert.match(after, /A later paper that trends/);
  // The paper page's block ranks in that later week too: the Dec 23 paper's stars are now outside it.
  const later = await (await fx.app.request('/papers/2601.00042')).text();
  assert.match(later, /\+40 stars this week/);
});
