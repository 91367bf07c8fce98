// In a real browser: sign in, save three papers into a new collection, watch /for-you change and
// explain itself, then say "not interested" and see that paper and its near twin go.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Browser, Page } from 'playwright-core';
import { suiteTestDatabase, type OpenedTestDb } from '../helpers/db.ts';
import { startSmtpServer, type SmtpServerHandle } from '../helpers/smtp-server.ts';
import { CHROMIUM, launchChromium, signInByMail } from '../helpers/browser.ts';
import { forYouCorpus, type ForYouCorpus } from '../helpers/for-you-corpus.ts';
import { loadConfig } from '../../src/config.ts';
import { createApp } from '../../src/web/app.ts';
import { upsertPapers } from '../../src/store/papers.ts';
import { createSearchService } from '../../src/search/service.ts';


describe('For you in a browser', { skip: existsSync(CHROMIUM) ? false : `no ${CHROMIUM}` }, () => {
  let t: OpenedTestDb;
  let smtp: SmtpServerHandle;
  let server: ReturnType<typeof serve>;
  let base: string;
  let browser: Browser;
  let corpus: ForYouCorpus;

  before(async () => {
    [t, smtp] = await Promise.all([suiteTestDatabase().open(), startSmtpServer()]);
    corpus = forYouCorpus();
    await upsertPapers(t.db, corpus.papers);
    let app: ReturnType<typeof createApp> | null = null;
    server = serve({ fetch: (req) => app!.fetch(req), port: 0, hostname: '127.0.0.1' });
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    app = createApp({ db: t.db, config: loadConfig({ DEMO_DIR: '', SMTP_URL: smtp.url, PUBLIC_URL: base }), search: createSearchService(t.db) });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await new Promise((r) => server.close(r));
    await smtp.stop();
    await t.close();
  });

  const signIn = (page: Page, email: string) => signInByMail(page, base, smtp, email);

  const feedIds = async (page: Page) =>
    (await page.$$eval('ol.for-you li.paper-row h2 a', (as) => as.map((a) => a.getAttribute('href')!))).map((h) => h.replace('/papers/', ''));

  test('save three papers, see the feed learn and explain itself; "not interested" removes a paper and similar ones', async () => {
    const page = await (await browser.newContext()).newPage();
    await signIn(page, 'reader@example.org');
    await page.click('nav a[href="/for-you"]');
    await page.waitForURL(`${base}/for-you`);
    assert.ok(await page.$('[data-cold-start]'), 'a new member starts cold');
    assert.equal((await feedIds(page)).length, 0);

    const [first, second, third] = corpus.byTopic.diffusion;
    await page.goto(`${base}/papers/${first}`);
    await page.selectOption('#save-collection', 'new');
    await page.fill('#save-new-name', 'Diffusion LMs');
    await page.fill('#save-note', 'the masking schedule matters');
    await page.click('form.save-to button[type=submit]');
    await page.waitForSelector('text=Saved in');
    for (const id of [second, third]) {
      await page.goto(`${base}/papers/${id}`);
      await page.selectOption('#save-collection', { label: 'Diffusion LMs' });
      await page.click('form.save-to button[type=submit]');
      await page.waitForSelector('#collections a:has-text("Diffusion LMs")');
    }

    await page.goto(`${base}/for-you`);
    assert.equal(await page.$('[data-cold-start]'), null, 'the model took over');
    const ids = await feedIds(page);
    const diffusion = new Set(corpus.byTopic.diffusion);
    assert.ok(ids.slice(0, 5).every((id) => diffusion.has(id)), `diffusion papers first: ${ids.slice(0, 5).join(' ')}`);
    assert.ok(![first, second, third].some((id) => ids.includes(id)), 'saved papers are not suggested again');
    const reason = (await page.textContent('ol.for-you li.paper-row [data-reason]')) ?? '';
    assert.match(reason, /close to [1-3] papers? in your "Diffusion LMs" collection/);

    const [twinA, twinB] = corpus.twins;
    assert.ok(ids.includes(twinA) && ids.includes(twinB));
    const row = page.locator('ol.for-you li.paper-row', { has: page.locator(`h2 a[href="/papers/${twinA}"]`) });
    await row.locator('form[data-not-interested] button').click();
    await page.waitForURL(`${base}/for-you`);
    const after = await feedIds(page);
    assert.ok(!after.includes(twinA), 'the paper is gone');
    assert.ok(!after.includes(twinB), 'and the one just like it');
    assert.ok(after.filter((id) => diffusion.has(id)).length >= 3, 'the rest of the topic stays');
  });
});
