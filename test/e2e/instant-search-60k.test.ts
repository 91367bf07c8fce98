// Instant search on the 60k-paper bench corpus (../shared/data) in Chromium: typing "diffusion
// lang" in the header box shows papers; the time from the last keystroke to the list showing is
// measured and printed (the acceptance asks for ≤ 150 ms; a shared machine's timing is reported,
// never asserted). Escape closes the list, Enter submits to /search, ↑/↓ move, "/" focuses.
// Large data: skips without ../shared/data. The corpus is built once (bench/_corpus.ts caches it
// in data/bench) and copied, so the benchmark's file is not touched. The index is in-process,
// the same on either database, so SQLite alone is used.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { getRequestListener } from '@hono/node-server';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM, launchChromium } from '../helpers/browser.ts';
import { needsSharedData } from '../helpers/fixtures.ts';
import { benchCorpus } from '../../bench/_corpus.ts';
import { openDb, type Db } from '../../src/db/db.ts';
import { migrate } from '../../src/db/migrate.ts';
import { countPapers } from '../../src/store/papers.ts';
import { loadConfig } from '../../src/config.ts';
import { createApp } from '../../src/web/app.ts';
import { createSearchService } from '../../src/search/service.ts';

const skip = needsSharedData || (!existsSync(CHROMIUM) ? `browser test skipped: ${CHROMIUM} is missing (apt-get install -y chromium)` : false);
const QUERY = 'diffusion lang';
const TRIALS = 5;

/** The test runner stops a file after 5 minutes (scripts/test.mjs); measuring needs about one. */
const FILE_LIMIT_MS = 300_000;
const fileStart = Date.now();
let setupSeconds = 0;
let dir: string;
let db: Db;
let server: Server;
let browser: Browser;
let base: string;

// Loading and indexing 63k papers takes one to three minutes, more on a busy machine.
before(async () => {
  if (skip) return;
  const started = Date.now();
  dir = mkdtempSync(join(tmpdir(), 'paperboy-60k-'));
  const file = join(dir, 'corpus.db');
  copyFileSync(await benchCorpus((s) => process.stdout.write(s)), file);
  db = await openDb(`sqlite:${file}`);
  await migrate(db);
  // The suggestions are keyword answers (BM25); the semantic side is trained tiny, since it
  // changes nothing measured here and the full one adds a third to the set-up time.
  const search = createSearchService(db, { refreshMs: -1, lsa: { dim: 2, maxVocab: 200, powerIterations: 0, oversample: 2 } });
  await search.rebuild();
  setupSeconds = Math.round((Date.now() - started) / 1000);
  console.log(`${await countPapers(db)} papers indexed in ${setupSeconds} s (load average ${loadavg()[0]!.toFixed(1)})`);
  // No response cache: every trial is a real answer from the index, not a stored copy.
  let app: ReturnType<typeof createApp> | null = null;
  server = createServer(getRequestListener((req) => app!.fetch(req)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  app = createApp({ db, config: loadConfig({ DEMO_DIR: '', PUBLIC_URL: base, RESPONSE_CACHE_ENTRIES: '0' }), search });
  browser = await launchChromium();
}, { timeout: 900_000 });

after(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(null)));
  await db?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Types the query into the header box like a person and returns ms from the last keystroke to the list showing it. */
async function typeAndTime(page: Page, query: string): Promise<number> {
  await page.evaluate((q) => {
    const w = window as unknown as { lastKey?: number; shown?: number };
    delete w.lastKey;
    delete w.shown;
    document.getElementById('site-search')!.addEventListener('input', () => { w.lastKey = performance.now(); });
    new MutationObserver(() => {
      const list = document.getElementById('site-search-suggest');
      if (list && !list.hidden && list.getAttribute('data-query') === q) w.shown ??= performance.now();
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  }, query);
  await page.keyboard.type(query, { delay: 80 });
  await page.waitForFunction(() => (window as unknown as { shown?: number }).shown !== undefined, null, { timeout: 30_000 });
  return page.evaluate(() => { const w = window as unknown as { lastKey: number; shown: number }; return w.shown - w.lastKey; });
}

test('60k papers: "diffusion lang" shows results as you type (latency printed), Escape closes, Enter submits, arrows move, / focuses', { skip, timeout: 600_000 }, async (t) => {
  // On a machine busy enough that indexing ate most of the file's time, say so rather than time out.
  if (Date.now() - fileStart > FILE_LIMIT_MS - 100_000) {
    t.skip(`the 60k index took ${setupSeconds} s to build on this busy machine (load average ${loadavg()[0]!.toFixed(1)}): too little of the runner's 5-minute file limit is left`);
    return;
  }
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  const latencies: number[] = [];
  for (let trial = 0; trial < TRIALS; trial++) {
    await page.goto(base + '/papers');
    await page.keyboard.press('/');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'site-search', '/ focuses the search box');
    latencies.push(await typeAndTime(page, QUERY));
    const titles = await page.locator('#site-search-suggest li[role=option]:not(.all)').allInnerTexts();
    assert.ok(titles.length >= 3, `papers are suggested for "${QUERY}" (${titles.length})`);
    assert.ok(titles.some((t) => /diffusion/i.test(t)), `a diffusion paper among the suggestions: ${titles.join(' | ')}`);
  }
  const sorted = [...latencies].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  console.log(`instant search on 60k papers: "${QUERY}" shown ${latencies.map((ms) => Math.round(ms)).join(', ')} ms after the last keystroke (median ${Math.round(median)} ms, max ${Math.round(sorted.at(-1)!)} ms; includes the 60 ms debounce; target ≤ 150 ms)`);

  // Keyboard: ↓ highlights the first paper, ↑ wraps to "All results", Escape closes and keeps the text.
  const options = page.locator('#site-search-suggest li[role=option]');
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.getAttribute('#site-search', 'aria-activedescendant'), await options.first().getAttribute('id'));
  assert.equal(await options.first().getAttribute('aria-selected'), 'true');
  await page.keyboard.press('ArrowUp');
  assert.equal(await page.getAttribute('#site-search', 'aria-activedescendant'), await options.last().getAttribute('id'), '↑ from the first wraps to the last');
  await page.keyboard.press('Escape');
  assert.equal(await page.isHidden('#site-search-suggest'), true, 'Escape closes the list');
  assert.equal(await page.getAttribute('#site-search', 'aria-expanded'), 'false');
  assert.equal(await page.inputValue('#site-search'), QUERY, 'Escape keeps what was typed');

  // Enter with nothing highlighted submits the form: the full results page for the query.
  await Promise.all([page.waitForURL(/\/search\?q=diffusion\+lang$/), page.keyboard.press('Enter')]);
  assert.ok((await page.locator('#search-results a[href^="/papers/"]').count()) > 0, '/search lists papers');

  // Enter on a highlighted paper opens it.
  await page.goto(base + '/papers');
  await page.keyboard.press('/');
  await typeAndTime(page, QUERY);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  const second = await options.nth(1).getAttribute('data-href');
  await Promise.all([page.waitForURL(base + second), page.keyboard.press('Enter')]);
  await context.close();
});
