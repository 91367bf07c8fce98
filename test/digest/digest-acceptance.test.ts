// End to end with a real SMTP server process: subscribe over HTTP, confirm through the mailed link,
// receive exactly one digest with both parts and unsubscribe headers, one-click unsubscribe.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { simpleParser } from 'mailparser';
import { loadConfig } from '../../src/config.ts';
import { createApp } from '../../src/web/app.ts';
import { createMailer, type Mailer } from '../../src/mail/transport.ts';
import { sendDigestRun } from '../../src/digest/send.ts';
import { getSubscriberByEmail } from '../../src/store/subscribers.ts';
import { testDatabases, type OpenedTestDb } from '../helpers/db.ts';
import { startSmtpServer, type SmtpServerHandle } from '../helpers/smtp-server.ts';
import { seedFeaturedPapers } from '../helpers/digest.ts';

for (const database of testDatabases()) {
  describe(`digest end to end (${database.name})`, () => {
    let smtp: SmtpServerHandle;
    let opened: OpenedTestDb;
    let mailer: Mailer;
    before(async () => {
      smtp = await startSmtpServer();
      opened = await database.open();
    });
    after(async () => {
      mailer?.close();
      await opened?.close();
      await smtp?.stop();
    });

    it('subscribe → confirm by button → one digest → one-click unsubscribe → nothing more', async () => {
      const { db } = opened;
      const config = loadConfig({ SMTP_URL: smtp.url, PUBLIC_URL: 'https://paperboy.test', MAIL_FROM: 'Paperboy <news@paperboy.test>', DEMO_DIR: '', DIGEST_RETRY_BASE_MS: '20' });
      mailer = createMailer(config);
      const app = createApp({ db, config, mailer });
      await seedFeaturedPapers(db, '2025-12-01', 3, '2512', (i) => (i === 0 ? { title: 'Attention <b>is</b> all & "more"' } : {}));

      // The prompt on every page posts email + _csrf to /subscribe.
      const form = await app.request('/subscribe');
      const cookie = form.headers.get('set-cookie')!.split(';')[0]!;
      const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
      const post = (path: string, body: string, withCookie = true) =>
        app.request(path, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded', ...(withCookie ? { cookie } : {}) } });
      const answer = await post('/subscribe', `_csrf=${encodeURIComponent(csrf)}&email=Reader%40Example.org`);
      assert.equal(answer.status, 200);
      assert.match(await answer.text(), /Check your inbox/);

      const [confirmMail] = await smtp.waitFor(1);
      assert.deepEqual(confirmMail!.to, ['reader@example.org']);
      const confirmText = (await simpleParser(confirmMail!.raw)).text!;
      const confirmPath = /https:\/\/paperboy\.test(\/subscribe\/confirm\/[A-Za-z0-9_-]+)/.exec(confirmText)![1]!;

      // A scanner fetching the link confirms nothing: the page only shows a button.
      const page = await app.request(confirmPath);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /<button type="submit">Yes, subscribe me<\/button>/);
      assert.equal((await getSubscriberByEmail(db, 'reader@example.org'))!.state, 'pending');
      const confirmed = await post(confirmPath, `_csrf=${encodeURIComponent(csrf)}`);
      assert.match(await confirmed.text(), /You are subscribed/);
      assert.equal((await getSubscriberByEmail(db, 'reader@example.org'))!.state, 'confirmed');

      const report = await sendDigestRun({ db, mailer, config }, { period: 'daily', dueOn: '2025-12-02' });
      assert.equal(report.sentNow, 1);
      const mails = await smtp.waitFor(2);
      assert.equal(mails.length, 2);
      const digest = await simpleParser(mails[1]!.raw);
      assert.match(digest.subject!, /^Daily trending: Attention <b>is<\/b> all & "more" and 2 more$/);
      assert.ok(digest.text!.includes('https://paperboy.test/papers/2512.00001'), 'text part links the paper page');
      assert.ok(digest.html && digest.html.includes('Attention &lt;b&gt;is&lt;/b&gt; all &amp; &quot;more&quot;'), 'HTML part escapes the title');
      assert.ok(!(digest.html as string).includes('<b>is</b>'));
      const raw = mails[1]!.raw.replace(/\r\n[ \t]+/g, ' ');
      const unsubscribeHeader = /^List-Unsubscribe: (.*)$/m.exec(raw)![1]!.trim();
      assert.match(unsubscribeHeader, /^<https:\/\/paperboy\.test\/unsubscribe\/[A-Za-z0-9_-]{43}>, <mailto:news@paperboy\.test\?subject=unsubscribe-[A-Za-z0-9_-]{43}>$/);
      assert.match(raw, /^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);

      // Rerunning the same day sends nothing new.
      await sendDigestRun({ db, mailer, config }, { period: 'daily', dueOn: '2025-12-02' });

      // RFC 8058: the mail provider posts without our cookie or CSRF token.
      const unsubscribePath = new URL(/<(https:[^>]+)>/.exec(unsubscribeHeader)![1]!).pathname;
      const oneClick = await post(unsubscribePath, 'List-Unsubscribe=One-Click', false);
      assert.equal(oneClick.status, 200);
      assert.equal((await getSubscriberByEmail(db, 'reader@example.org'))!.state, 'unsubscribed');

      await seedFeaturedPapers(db, '2025-12-02', 3, '2513');
      const next = await sendDigestRun({ db, mailer, config }, { period: 'daily', dueOn: '2025-12-03' });
      assert.equal(next.sentNow, 0);
      assert.equal(smtp.received().length, 2, 'nothing after the unsubscribe');
    });
  });
}
