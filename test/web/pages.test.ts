// The pages a visitor reads, over real recorded Daily Papers: trending, day/week/month listings, a paper.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openWebFixture, PUBLIC_URL, type WebFixture } from '../helpers/web-app.ts';
import { suiteTestDatabase } from '../helpers/db.ts';
import { loadConfig } from '../../src/config.ts';
import { createApp } from '../../src/web/app.ts';

let fx: WebFixture;
before(async () => {
  fx = await openWebFixture();
});
after(async () => fx?.close());

async function page(path: string, status = 200): Promise<string> {
  const res = await fx.app.request(path);
  assert.equal(res.status, status, path);
  return res.text();
}

/** Paper ids in the order their rows appear. */
function rowIds(html: string): string[] {
  return [...html.matchAll(/<li class="paper-row">.*?href="\/papers\/([^"]+)"/g)].map((m) => m[1]!);
}

test('the home page shows the trending week ending at the latest featured day, dated, with day/month tabs', async () => {
  const html = await page('/');
  assert.match(html, /<h1>Trending papers<\/h1>/);
  assert.match(html, /as of <time datetime="2025-12-31">Dec 31, 2025<\/time>/);
  const ids = rowIds(html);
  assert.equal(ids.length, 16, 'the 29th and 31st of December (13 + 4 papers), less one with no upvotes and no code');
  assert.deepEqual(ids.slice(0, 2), ['2512.23675', '2512.22118'], 'highest trending score first');
  assert.match(html, /<p class="why">\+80 stars this week · 2 upvotes · 2 days old<\/p>/, 'each row says why');
  assert.match(html, /<span class="star-change" title="80 GitHub stars on 2025-12-31">★ 80<\/span>/, 'one snapshot: the count as text, not a flat line');
  assert.match(html, /the latest day with enough activity to rank/);
  assert.match(html, /Mindscape-Aware Retrieval Augmented Generation/);
  assert.match(html, /data-upvote-count="true">37<\/span><span class="visually-hidden"> upvotes, sign in to upvote/, 'visitors see the upvote control');
  assert.match(html, /<a class="badge" href="https:\/\/github.com\/myyzzzoooo\/InsertAnywhere"/, 'code badge');
  assert.match(html, /★<\/span> 80<span class="visually-hidden"> stars/, 'GitHub stars');
  assert.match(html, /href="\/\?window=day"/);
  assert.match(html, /href="\/\?window=month"/);
  assert.match(html, /<link rel="alternate" type="application\/rss\+xml"[^>]*href="\/feeds\/trending.rss"/);
  assert.equal(rowIds(await page('/?window=day')).length, 4, 'the latest day only');
  assert.equal(rowIds(await page('/?window=month')).length, 30, 'the 30 days to Dec 31 hold all 50 papers: first page');
  assert.match(await page('/?window=month'), /Page 1 of 2/);
  assert.equal(rowIds(await page('/?window=month&p=1')).length, 18, '48 of the 50 have upvotes or stars');
  assert.equal(rowIds(await page('/?window=bogus&p=zzz')).length, 16, 'bad parameters fall back to the defaults');
});

test('/papers shows the latest day with papers; previous/next skip empty days; week and month pages', async () => {
  const latest = await page('/papers');
  assert.match(latest, /Daily papers <span class="muted">· December 31, 2025/);
  assert.equal(rowIds(latest).length, 4);
  assert.match(latest, /href="\/papers\/date\/2025-12-29" rel="prev"/, 'the 30th had no papers');
  assert.match(latest, /No later papers/);

  const day = await page('/papers/date/2025-12-23');
  assert.equal(rowIds(day).length, 17, 'a day lists all its papers');
  assert.match(day, /href="\/papers\/date\/2025-12-22" rel="prev"/);
  assert.match(day, /href="\/papers\/date\/2025-12-29" rel="next"/);
  const empty = await page('/papers/date/2025-12-25');
  assert.match(empty, /No papers were featured in this period/);

  const week = await page('/papers/week/2025-W52');
  assert.match(week, /Week 52 of 2025 \(Dec 22 – Dec 28\)/);
  assert.equal(rowIds(week).length, 30, 'first page of 33');
  assert.match(week, /Page 1 of 2/);
  assert.match(week, /href="\/papers\/week\/2026-W01" rel="next"/);
  assert.equal(rowIds(await page('/papers/week/2025-W52?p=1')).length, 3);
  const month = await page('/papers/month/2025-12?sort=publishedAt');
  assert.match(month, /50 papers/);
  assert.match(month, /aria-current="page">Newest</);
  assert.match(month, /No earlier papers/);

  const bad = await page('/papers/date/2025-02-30', 404);
  assert.match(bad, /&quot;2025-02-30&quot; is not a day we know: write it as YYYY-MM-DD/);
  await page('/papers/week/2025-W60', 404);
  await page('/papers/month/2025-13', 404);
});

test('a paper page shows its facts, links, abstract, similar papers and BibTeX; .md gives Markdown', async () => {
  const html = await page('/papers/2512.23675');
  assert.match(html, /<h1 id="paper-title">End-to-End Test-Time Training for Long Context<\/h1>/);
  assert.match(html, /href="https:\/\/arxiv.org\/abs\/2512.23675">arXiv page</);
  assert.match(html, /href="https:\/\/arxiv.org\/pdf\/2512.23675">PDF</);
  assert.match(html, /Code: test-time-training\/e2e<\/a><span class="muted"> ★ 80 stars/);
  assert.match(html, /<h2 id="abstract-title">Abstract<\/h2>/);
  assert.match(html, /<h2 id="similar-title">Also featured on Dec 31, 2025<\/h2>/, 'no category: same-day papers');
  assert.match(html, /<section class="similar"[^]*href="\/papers\/2512.22525"/);
  assert.match(html, /<pre id="bibtex" tabindex="0">@misc\{/);
  assert.match(html, /eprint = \{2512.23675\}/);
  assert.match(html, /data-copy="#bibtex"/);
  assert.match(html, new RegExp(`<link rel="canonical" href="${PUBLIC_URL}/papers/2512.23675"/>`));
  assert.match(html, /Get trending papers in your email inbox/);

  const md = await fx.app.request('/papers/2512.23675.md');
  assert.equal(md.status, 200);
  assert.match(md.headers.get('content-type')!, /text\/markdown/);
  const text = await md.text();
  assert.match(text, /^# End-to-End Test-Time Training for Long Context\n/);
  assert.match(text, /- arXiv: <https:\/\/arxiv.org\/abs\/2512.23675>/);
  assert.match(text, /- Code: <https:\/\/github.com\/test-time-training\/e2e>/);

  const versioned = await fx.app.request('/papers/2512.23675v2');
  assert.equal(versioned.status, 301);
  assert.equal(versioned.headers.get('location'), '/papers/2512.23675');
  const missing = await page('/papers/2401.00000', 404);
  assert.match(missing, /arXiv paper 2401.00000 is not in this catalog yet/);
});

test('the about page says how the lists are ordered now', async () => {
  const html = await page('/about');
  assert.match(html, /How trending works/);
  assert.match(html, /activity = log2\(1 \+ stars\) \+ 2 × log2\(1 \+ upvotes\)/, 'the formula, as documented in the README');
  assert.match(html, /latest day with enough activity/);
});

test('a server error gets a friendly 500 page (and a JSON error on the API), never a stack trace', async () => {
  const opened = await suiteTestDatabase().open();
  const app = createApp({ db: opened.db, config: loadConfig({ DEMO_DIR: '', RESPONSE_CACHE_ENTRIES: '0' }) });
  await opened.close(); // every query now fails
  const logged = console.error;
  console.error = () => {};
  try {
    const res = await app.request('/papers');
    assert.equal(res.status, 500);
    const html = await res.text();
    assert.match(html, /Something went wrong/);
    assert.doesNotMatch(html, /\bat \S+ \(|TypeError|Error:/);
    const api = await app.request('/api/daily_papers');
    assert.equal(api.status, 500);
    assert.deepEqual(await api.json(), { error: 'internal error' });
  } finally {
    console.error = logged;
  }
});
