// In a real browser, on a fresh install (the demo corpus, nothing recent): a member's upvote and
// its withdrawal leave the front page listing as many papers as before, both times.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Browser, Page } from 'playwright-core';
import { suiteTestDatabase, type OpenedTestDb } from '../helpers/db.ts';
import { startSmtpServer, type SmtpServerHandle } from '../helpers/smtp-server.ts';
import { CHROMIUM, launchChromium, signInByMail } from '../helpers/browser.ts';
import { loadConfig } from '../../src/config.ts';
import { createApp } from '../../src/web/app.ts';
import { loadDemoIfEmpty } from '../../src/ingest/demo.ts';

const DEMO = new URL('../../data/demo', import.meta.url).pathname;

describe('a fresh install in a browser', { skip: existsSync(CHROMIUM) ? false : `no ${CHROMIUM}` }, () => {
  let t: OpenedTestDb;
  let smtp: SmtpServerHandle;
  let server: ReturnType<typeof serve>;
  let base: string;
  let browser: Browser;

  before(async () => {
    [t, smtp] = await Promise.all([suiteTestDatabase().open(), startSmtpServer()]);
    const config = (publicUrl: string) => loadConfig({ DEMO_DIR: DEMO, SMTP_URL: smtp.url, PUBLIC_URL: publicUrl, RESPONSE_CACHE_ENTRIES: '0' });
    assert.ok(await loadDemoIfEmpty(t.db, config('http://localhost')));
    let app: ReturnType<typeof createApp> | null = null;
    server = serve({ fetch: (req) => app!.fetch(req), port: 0, hostname: '127.0.0.1' });
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    app = createApp({ db: t.db, config: config(base) });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await new Promise((r) => server.close(r));
    await smtp.stop();
    await t.close();
  });

  const signIn = (page: Page, email: string) => signInByMail(page, base, smtp, email);

  /** The front page's rows and the count its summary line states. */
  async function frontPage(page: Page): Promise<{ rows: string[]; stated: string }> {
    await page.goto(`${base}/`);
    const rows = await page.$$eval('main li.paper-row h2 a', (links) => links.map((a) => a.getAttribute('href') ?? ''));
    const stated = /(\d+) papers? with new stars or upvotes/.exec((await page.textContent('main')) ?? '')?.[1] ?? '';
    return { rows, stated };
  }

  test('upvote a paper, then withdraw the vote: the front page lists as many papers both times', async () => {
    const page = await (await browser.newContext()).newPage();
    await signIn(page, 'reader@example.org');
    const before = await frontPage(page);
    assert.ok(before.rows.length >= 10, `the demo's trending week fills the page (${before.rows.length} rows)`);
    const target = before.rows[before.rows.length - 1]!;
    const row = page.locator('main li.paper-row', { has: page.locator(`h2 a[href="${target}"]`) });
    await row.locator('form[data-upvote] button').click();
    await row.locator('form[data-upvote] button[aria-pressed="true"]').waitFor();
    const voted = await frontPage(page);
    assert.equal(voted.rows.length, before.rows.length, 'after the upvote');
    assert.equal(voted.stated, before.stated);
    const again = page.locator('main li.paper-row', { has: page.locator(`h2 a[href="${target}"]`) });
    await again.locator('form[data-upvote] button[aria-pressed="true"]').click();
    await again.locator('form[data-upvote] button[aria-pressed="false"]').waitFor();
    const withdrawn = await frontPage(page);
    assert.equal(withdrawn.rows.length, before.rows.length, 'after the vote is withdrawn');
    assert.equal(withdrawn.stated, before.stated);
    assert.doesNotMatch((await page.textContent('main')) ?? '', /bin\/paperboy/, 'no command-line hints for visitors');
  });
});
