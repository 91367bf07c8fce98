// A new visitor's path in a real browser (chromium via playwright-core): trending → a paper →
// search → the previous day → a feed, with screenshots and an axe accessibility check on each page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM, axeViolations, describeViolations, launchChromium } from '../helpers/browser.ts';
import { parseRssFeed } from 'feedsmith';
import { loadConfig } from '../../src/config.ts';
import { createApp } from '../../src/web/app.ts';
import { createSearchService } from '../../src/search/service.ts';
import { suiteTestDatabase, type OpenedTestDb } from '../helpers/db.ts';
import { loadHfDays } from '../helpers/hf-days.ts';
import { DAYS } from '../helpers/web-app.ts';
import { watchSecurityHeaders } from '../helpers/page-headers.ts';

const SHOTS = 'test-results/screenshots';
const skip = existsSync(CHROMIUM) ? false : `browser tests skipped: ${CHROMIUM} is missing (apt-get install -y chromium)`;

let store: OpenedTestDb;
let server: Server;
let browser: Browser;
let base: string;

before(async () => {
  if (skip) return;
  store = await suiteTestDatabase().open();
  await loadHfDays(store.db, DAYS);
  let app: ReturnType<typeof createApp> | null = null;
  server = createServer(getRequestListener((req) => app!.fetch(req)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const search = createSearchService(store.db, { refreshMs: -1 });
  await search.rebuild();
  app = createApp({ db: store.db, config: loadConfig({ DEMO_DIR: '', PUBLIC_URL: base }), search });
  browser = await launchChromium();
  mkdirSync(SHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(null)));
  await store?.close();
});

/** Runs axe-core in the page; fails on any serious or critical violation, naming them. */
async function assertAccessible(page: Page, name: string) {
  const violations = await axeViolations(page);
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = describeViolations(bad);
  assert.deepEqual(report, [], `${name}: axe found serious/critical violations`);
}

async function shot(page: Page, name: string) {
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

test('a new visitor: trending, a paper, search, the previous day, a feed; accessible in light and dark', { skip, timeout: 120_000 }, async () => {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  const checkHeaders = watchSecurityHeaders(page);

  // 1. The home page: trending papers of the week, dated.
  await page.goto(base + '/');
  assert.equal(await page.locator('h1').textContent(), 'Trending papers');
  assert.match((await page.locator('main').textContent())!, /as of Dec 31, 2025/);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Skip to content', 'the first Tab reaches the skip link');
  await shot(page, '01-trending');
  await assertAccessible(page, 'trending');

  // 2. Open the top paper with the keyboard.
  const first = page.locator('ol.papers h2 a').first();
  const title = (await first.textContent())!;
  await first.focus();
  await Promise.all([page.waitForURL(/\/papers\/\d{4}\.\d+$/), page.keyboard.press('Enter')]);
  assert.equal(await page.locator('h1').textContent(), title);
  assert.match((await page.locator('#bibtex').textContent())!, /^@misc\{/);
  assert.equal(await page.locator('[data-copy="#bibtex"]').isVisible(), true, 'the copy button appears with JavaScript');
  await shot(page, '02-paper');
  await assertAccessible(page, 'paper');

  // 3. Search from the header box.
  await page.fill('#site-search', 'video generation');
  const [searchResponse] = await Promise.all([page.waitForNavigation(), page.press('#site-search', 'Enter')]);
  assert.equal(searchResponse?.status(), 200);
  assert.match(page.url(), /\/search\?q=video\+generation/);
  const hits = page.locator('main a[href^="/papers/"]');
  assert.ok((await hits.count()) > 0, 'the search finds papers');
  assert.match((await hits.first().textContent())!.toLowerCase(), /video|generation/);
  await shot(page, '03-search');
  await assertAccessible(page, 'search');

  // 4. Daily papers, then the previous day with papers (the 30th had none).
  await page.goto(base + '/papers');
  assert.match((await page.locator('h1').textContent())!, /December 31, 2025/);
  await Promise.all([page.waitForURL(/\/papers\/date\/2025-12-29$/), page.click('a[rel="prev"]')]);
  assert.match((await page.locator('h1').textContent())!, /December 29, 2025/);
  assert.equal(await page.locator('ol.papers > li').count(), 13);
  await shot(page, '04-previous-day');
  await assertAccessible(page, 'daily');

  // 5. Follow the trending RSS link in the footer: a feed a reader can parse.
  const href = await page.locator('footer a', { hasText: 'RSS' }).getAttribute('href');
  const feedResponse = await page.request.get(base + href);
  assert.match(feedResponse.headers()['content-type']!, /application\/rss\+xml/);
  const feed = parseRssFeed(await feedResponse.text());
  assert.equal(feed.items?.[0]?.title, title, 'the feed leads with the same paper as the page');

  // 6. Dark theme on a phone: the toggle works and the page stays accessible.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, colorScheme: 'light' });
  const small = await phone.newPage();
  const checkPhoneHeaders = watchSecurityHeaders(small);
  await small.goto(base + '/');
  // The phone header folds its links and the theme button into the menu; the button cycles auto → light → dark.
  await small.click('details.menu summary');
  await small.click('details.menu [data-theme-toggle]');
  await small.click('details.menu [data-theme-toggle]');
  assert.equal(await small.evaluate(() => document.documentElement.getAttribute('data-theme')), 'dark');
  assert.equal(await small.locator('details.menu [data-theme-state]').textContent(), 'dark', 'the button shows the state');
  await small.click('details.menu summary');
  const overflow = await small.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no horizontal scrolling on a phone (overflow ${overflow}px)`);
  await shot(small, '05-phone-dark');
  await assertAccessible(small, 'phone dark');
  await small.goto(base + '/no/such/page');
  await shot(small, '06-not-found');
  await assertAccessible(small, '404');
  checkPhoneHeaders();
  await phone.close();

  assert.deepEqual(errors, [], 'no script errors');
  checkHeaders();
  await context.close();
});
