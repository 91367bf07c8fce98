// The transactional-mail outbox against a real SMTP server process: confirmations and sign-in
// links survive greylisting (451 to the first attempt) and arrive exactly once; the request never
// waits on SMTP; 5xx suppresses; expired links are not sent; concurrent senders send each once.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { simpleParser } from 'mailparser';
import { loadConfig } from '../../src/config.ts';
import { sql } from '../../src/db/db.ts';
import { createMailer } from '../../src/mail/transport.ts';
import { createMailSender, enqueueMail } from '../../src/mail/outbox.ts';
import { runMailOutbox } from '../../src/mail/outbox-job.ts';
import { countOutboxMailByState, listOutboxMailProblems } from '../../src/store/mail-outbox.ts';
import { isSuppressed } from '../../src/store/subscribers.ts';
import { testDatabases, type OpenedTestDb } from '../helpers/db.ts';
import { startSmtpServer, type SmtpServerHandle } from '../helpers/smtp-server.ts';
import { createApp } from '../../src/web/app.ts';
import { RateLimiter } from '../../src/web/rate-limit.ts';
import type { Db } from '../../src/db/db.ts';
import type { MailSender } from '../../src/mail/outbox.ts';
import { WebClient, linkInMail } from '../helpers/web-client.ts';

const FAST = { MAIL_RETRY_BASE_MS: '40', MAIL_RETRY_MAX_MS: '200', MAIL_POLL_MS: '40' };

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const senders: MailSender[] = [];

/** An app as `serve` builds it (its own mail sender), whose sender the test stops afterwards. */
function appWithSender(db: Db, smtp: SmtpServerHandle) {
  const config = loadConfig({ DEMO_DIR: '', SMTP_URL: smtp.url, TRUST_PROXY: '1', PUBLIC_URL: 'http://localhost', SECRET_KEY: 'test-secret', ...FAST });
  const mailer = createMailer(config);
  const mailSender = createMailSender({ db, config, mailer, log: () => {} });
  senders.push({ kick: mailSender.kick, drain: mailSender.drain, stop: async () => (await mailSender.stop(), mailer.close()) });
  return createApp({ db, config, mailer, mailSender, limiter: new RateLimiter() });
}

const to = (smtp: SmtpServerHandle, address: string) => smtp.received().filter((m) => m.to.includes(address));

for (const database of testDatabases()) {
  describe(`mail outbox (${database.name})`, () => {
    let t: OpenedTestDb;
    let smtp: SmtpServerHandle;
    before(async () => {
      [t, smtp] = await Promise.all([database.open(), startSmtpServer()]);
    });
    after(async () => {
      await t?.close();
      await smtp?.stop();
    });

    it('a greylisting server still gets the confirmation and the sign-in link, each exactly once', async () => {
      await smtp.setFaults({ greylist: true });
      const app = appWithSender(t.db, smtp);
      const sub = await app.request('/api/subscriptions', {
        method: 'POST',
        body: JSON.stringify({ email: 'grey-sub@example.org', frequency: 'daily' }),
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.0.0.1' },
      });
      assert.equal(sub.status, 202);
      const client = new WebClient(app, '10.0.0.2');
      await client.get('/signin');
      assert.equal((await client.post('/signin', { email: 'grey-member@example.org' })).status, 200);

      await until(async () => to(smtp, 'grey-sub@example.org').length > 0 && to(smtp, 'grey-member@example.org').length > 0, 'both mails');
      await until(async () => !(await countOutboxMailByState(t.db)).pending, 'an empty queue');
      // Several more polls: nothing is sent again.
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(to(smtp, 'grey-sub@example.org').length, 1);
      assert.equal(to(smtp, 'grey-member@example.org').length, 1);
      const rows = await t.db.all<{ recipient: string; state: string; attempts: number; text_body: string | null }>(
        sql`SELECT recipient, state, attempts, text_body FROM mail_outbox WHERE recipient LIKE 'grey-%' ORDER BY recipient`,
      );
      assert.deepEqual(
        rows.map((r) => [r.recipient, r.state, Number(r.attempts), r.text_body]),
        [
          ['grey-member@example.org', 'sent', 1, null],
          ['grey-sub@example.org', 'sent', 1, null],
        ],
        'one refused attempt each, then sent; the links are not kept once delivered',
      );

      // Both links work: the confirmation confirms, the sign-in link signs in.
      const confirmText = (await simpleParser(to(smtp, 'grey-sub@example.org')[0]!.raw)).text!;
      const confirmPath = new URL(/https?:\/\/\S+\/subscribe\/confirm\/\S+/.exec(confirmText)![0]).pathname;
      assert.equal((await app.request(confirmPath)).status, 200);
      const link = new URL(linkInMail(to(smtp, 'grey-member@example.org')[0]!.raw));
      const page = await client.get(link.pathname + link.search);
      assert.equal(page.status, 200);
      assert.match(page.html, /name="token"/);
      await smtp.setFaults({ greylist: false });
      for (const s of senders.splice(0)) await s.stop();
    });

    it('answers at once while the SMTP server is down, and delivers once it is back', async () => {
      await smtp.down();
      try {
        const app = appWithSender(t.db, smtp);
        const res = await app.request('/api/subscriptions', {
          method: 'POST',
          body: JSON.stringify({ email: 'while-down@example.org', frequency: 'daily' }),
          headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.0.0.3' },
        });
        assert.equal(res.status, 202);
        await until(async () => (await listOutboxMailProblems(t.db, 10)).some((p) => p.to === 'while-down@example.org' && p.state === 'pending'), 'a retry after the refused connection');
      } finally {
        await smtp.up();
      }
      await until(async () => to(smtp, 'while-down@example.org').length > 0, 'the mail after the server came back');
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(to(smtp, 'while-down@example.org').length, 1);
      for (const s of senders.splice(0)) await s.stop();
    });

    it('a 5xx reply suppresses the address; an expired link is not sent; two senders send each message once', async () => {
      const config = loadConfig({ DEMO_DIR: '', SMTP_URL: smtp.url, PUBLIC_URL: 'http://localhost', ...FAST });
      const mailer = createMailer(config);
      try {
        await smtp.setFaults({ rejectRecipients: ['gone@example.org'] });
        let now = Date.now();
        const mail = (address: string, expiresAt = now + 60_000) =>
          enqueueMail(t.db, config, { kind: 'sign-in', to: address, subject: 'link', text: 'link', expiresAt }, now);
        await mail('gone@example.org');
        await mail('late@example.org', now + 1_000);
        const clock = createMailSender({ db: t.db, config, mailer, poll: false, now: () => now, log: () => {} });
        now += 2_000;
        await clock.drain();
        assert.ok(await isSuppressed(t.db, 'gone@example.org'));
        const states = await t.db.all<{ recipient: string; state: string }>(sql`SELECT recipient, state FROM mail_outbox WHERE recipient IN ('gone@example.org', 'late@example.org') ORDER BY recipient`);
        assert.deepEqual(states.map((r) => [r.recipient, r.state]), [['gone@example.org', 'suppressed'], ['late@example.org', 'expired']]);
        assert.equal(to(smtp, 'late@example.org').length, 0);

        now = Date.now();
        for (let i = 0; i < 30; i++) await mail(`many${i}@example.org`);
        const a = createMailSender({ db: t.db, config, mailer, poll: false, log: () => {} });
        const b = createMailSender({ db: t.db, config, mailer, poll: false, log: () => {} });
        const [sentA, sentB] = await Promise.all([a.drain(), b.drain()]);
        assert.equal(sentA + sentB, 30);
        for (let i = 0; i < 30; i++) assert.equal(to(smtp, `many${i}@example.org`).length, 1, `many${i}`);

        // The worker's mail-send job delivers what no web process sent.
        await mail('by-worker@example.org');
        assert.match(await runMailOutbox(t.db, config, () => {}), /^1 sent/);
        assert.equal(to(smtp, 'by-worker@example.org').length, 1);
      } finally {
        mailer.close();
        await smtp.setFaults({ rejectRecipients: [] });
      }
    });
  });
}
