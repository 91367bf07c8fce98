// In a real browser: sign in through the link a real SMTP server received, submit, upvote, comment, sign out;
// a second member then sees the count and the comment.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Browser, Page } from 'playwright-core';
import { suiteTestDatabase, type OpenedTestDb } from '../helpers/db.ts';
import { startSmtpServer, type SmtpServerHandle } from '../helpers/smtp-server.ts';
import { CHROMIUM, launchChromium, signInByMail } from '../helpers/browser.ts';
import { watchSecurityHeaders } from '../helpers/page-headers.ts';
import { paperInput } from '../helpers/papers.ts';
import { loadConfig } from '../../src/config.ts';
import { createApp } from '../../src/web/app.ts';
import { upsertPapers } from '../../src/store/papers.ts';


describe('community in a browser', { skip: existsSync(CHROMIUM) ? false : `no ${CHROMIUM}` }, () => {
  let t: OpenedTestDb;
  let smtp: SmtpServerHandle;
  let server: ReturnType<typeof serve>;
  let base: string;
  let browser: Browser;

  before(async () => {
    [t, smtp] = await Promise.all([suiteTestDatabase().open(), startSmtpServer()]);
    await upsertPapers(t.db, [
      paperInput({ id: '2511.04242', title: 'Attention Is Still All You Need', authors: ['A. Author'], publishedAt: Date.now() - 86_400_000 }),
    ]);
    // The app is built once the port is known: mailed links must point at this server.
    let app: ReturnType<typeof createApp> | null = null;
    server = serve({ fetch: (req) => app!.fetch(req), port: 0, hostname: '127.0.0.1' });
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    app = createApp({ db: t.db, config: loadConfig({ DEMO_DIR: '', SMTP_URL: smtp.url, PUBLIC_URL: base }) });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await new Promise((r) => server.close(r));
    await smtp.stop();
    await t.close();
  });

  const signIn = (page: Page, email: string) => signInByMail(page, base, smtp, email);

  test('sign in by mail, submit, upvote, comment, sign out; another member sees the count and comment', async () => {
    const alice = await (await browser.newContext()).newPage();
    const checkAlice = watchSecurityHeaders(alice);
    await signIn(alice, 'alice@example.org');
    await alice.goto(`${base}/submit`);
    await alice.fill('#submit-ref', 'https://arxiv.org/abs/2511.04242v1');
    await alice.click('form[action="/submit"] button[type=submit]');
    await alice.waitForURL(`${base}/papers/2511.04242`);
    assert.match(await alice.textContent('main') ?? '', /submitted by alice/i);
    await alice.click('form[data-upvote] button');
    await alice.waitForSelector('form[data-upvote] button[aria-pressed="true"]');
    assert.equal((await alice.textContent('[data-upvote-count]'))?.trim(), '1');
    await alice.fill('#comment-body-new', 'Read it: the *ablation* in section 4 is the interesting part.');
    await alice.click('form.comment-form:not(details form) button[type=submit]');
    await alice.waitForSelector('.comment-body em');
    await alice.click('form[action="/signout"] button');
    await alice.waitForURL(`${base}/`);
    await alice.goto(`${base}/papers/2511.04242`);
    await alice.waitForSelector('text=Sign in to comment.');

    const bob = await (await browser.newContext()).newPage();
    const checkBob = watchSecurityHeaders(bob);
    await signIn(bob, 'bob@example.org');
    await bob.goto(`${base}/papers/2511.04242`);
    assert.equal((await bob.textContent('[data-upvote-count]'))?.trim(), '1');
    assert.match((await bob.textContent('.comment-body')) ?? '', /the ablation in section 4 is the interesting part/);
    assert.equal(await bob.getAttribute('form[data-upvote] button', 'aria-pressed'), 'false');
    checkAlice();
    checkBob();
  });
});
