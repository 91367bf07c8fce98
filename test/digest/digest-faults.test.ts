// Sending through SMTP faults: 451 replies and refused connections for the first half of a run,
// a permanent 550, and a sender killed with SIGKILL mid-run. Every confirmed subscriber still gets exactly one digest.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { paperboyArgs } from '../helpers/paperboy-process.ts';
import { sql } from '../../src/db/db.ts';
import { loadConfig, type Env } from '../../src/config.ts';
import { createMailer } from '../../src/mail/transport.ts';
import { sendDigestRun } from '../../src/digest/send.ts';
import { countOutboxByState, getDigestRun, listOutboxProblems } from '../../src/store/digests.ts';
import { isSuppressed } from '../../src/store/subscribers.ts';
import { testDatabases } from '../helpers/db.ts';
import { startSmtpServer, type SmtpServerHandle } from '../helpers/smtp-server.ts';
import { countByRecipient, seedConfirmedSubscribers, seedFeaturedPapers } from '../helpers/digest.ts';

const FAST_RETRIES: Env = { DIGEST_RETRY_BASE_MS: '40', DIGEST_RETRY_MAX_MS: '200', DIGEST_BATCH_SIZE: '4', DIGEST_SMTP_CONNECTIONS: '2' };

function assertExactlyOne(smtp: SmtpServerHandle, emails: string[]): void {
  const counts = countByRecipient(smtp.received());
  const wrong = emails.filter((e) => counts.get(e) !== 1).map((e) => `${e}: ${counts.get(e) ?? 0}`);
  assert.deepEqual(wrong, [], 'every confirmed subscriber receives exactly one digest');
  assert.equal(smtp.received().length, emails.length);
}

async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

for (const database of testDatabases()) {
  describe(`digest sending under faults (${database.name})`, () => {
    let smtp: SmtpServerHandle;
    before(async () => {
      smtp = await startSmtpServer();
    });
    after(async () => smtp?.stop());

    it('451 for the first half of the run, then recovery: exactly one each, retried with back-off', async () => {
      const { db, close } = await database.open();
      const config = loadConfig({ SMTP_URL: smtp.url, PUBLIC_URL: 'https://paperboy.test', ...FAST_RETRIES });
      const mailer = createMailer(config, { maxConnections: 2 });
      try {
        await seedFeaturedPapers(db, '2025-12-01', 3);
        const emails = await seedConfirmedSubscribers(db, 12, {}, 'tempfail.org');
        await smtp.setFaults({ tempFailNext: 6 });
        const report = await sendDigestRun({ db, mailer, config }, { period: 'daily', dueOn: '2025-12-02' });
        assert.deepEqual(report.counts, { sent: 12 });
        assertExactlyOne({ ...smtp, received: () => smtp.received().filter((m) => m.to[0]!.endsWith('@tempfail.org')) }, emails);
        const retried = await db.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM digest_outbox WHERE attempts > 0`);
        assert.ok(Number(retried!.n) >= 1, 'the refused messages were retried');
      } finally {
        mailer.close();
        await close();
      }
    });

    it('connections refused for the first half of the run, then recovery: exactly one each', async () => {
      const { db, close } = await database.open();
      const config = loadConfig({ SMTP_URL: smtp.url, PUBLIC_URL: 'https://paperboy.test', ...FAST_RETRIES });
      const mailer = createMailer(config, { maxConnections: 2 });
      const before = smtp.received().length;
      try {
        await seedFeaturedPapers(db, '2025-12-01', 3);
        const emails = await seedConfirmedSubscribers(db, 12, {}, 'refused.org');
        await smtp.down();
        const sending = sendDigestRun({ db, mailer, config }, { period: 'daily', dueOn: '2025-12-02' });
        await until('the sender has hit refused connections', async () => (await listOutboxProblems(db, 10)).length >= 2);
        assert.equal(smtp.received().length, before);
        await smtp.up();
        const report = await sending;
        assert.deepEqual(report.counts, { sent: 12 });
        assertExactlyOne({ ...smtp, received: () => smtp.received().slice(before) }, emails);
      } finally {
        mailer.close();
        await close();
      }
    });

    it('a permanent 550 suppresses the address: no retries, no later digests', async () => {
      const { db, close } = await database.open();
      const config = loadConfig({ SMTP_URL: smtp.url, PUBLIC_URL: 'https://paperboy.test', ...FAST_RETRIES });
      const mailer = createMailer(config, { maxConnections: 2 });
      const before = smtp.received().length;
      try {
        await seedFeaturedPapers(db, '2025-12-01', 2);
        await seedFeaturedPapers(db, '2025-12-02', 2, '2513');
        await seedConfirmedSubscribers(db, 3, {}, 'bounce.org');
        await smtp.setFaults({ rejectRecipients: ['reader2@bounce.org'] });
        const first = await sendDigestRun({ db, mailer, config }, { period: 'daily', dueOn: '2025-12-02' });
        assert.deepEqual(first.counts, { sent: 2, suppressed: 1 });
        assert.equal(await isSuppressed(db, 'reader2@bounce.org'), true);
        await smtp.setFaults({ rejectRecipients: [] });
        const second = await sendDigestRun({ db, mailer, config }, { period: 'daily', dueOn: '2025-12-03' });
        assert.deepEqual(second.counts, { sent: 2 }, 'the suppressed address is not queued again');
        assert.deepEqual(countByRecipient(smtp.received().slice(before)).get('reader2@bounce.org'), undefined);
      } finally {
        mailer.close();
        await close();
      }
    });

    it('the sender killed with SIGKILL mid-run and restarted: exactly one each', async () => {
      const { db, url, close } = await database.open();
      const before = smtp.received().length;
      const mine = () => smtp.received().slice(before);
      try {
        await seedFeaturedPapers(db, '2025-12-01', 3);
        const emails = await seedConfirmedSubscribers(db, 30, {}, 'killed.org');
        const env = {
          ...process.env,
          DATABASE_URL: url,
          SMTP_URL: smtp.url,
          PUBLIC_URL: 'https://paperboy.test',
          DIGEST_RATE: '60',
          DIGEST_LEASE_MS: '1500',
          ...FAST_RETRIES,
        };
        const start = () => spawn(process.execPath, paperboyArgs('digest', 'send', '--period', 'daily', '--at', '2025-12-02'), { env, stdio: ['ignore', 'pipe', 'pipe'] });
        const first = start();
        const exited = new Promise((r) => first.once('exit', r));
        await until('half the run is delivered', () => mine().length >= 15);
        // Kill where the outcome is knowable: the server now answers 451 to everything, and every
        // message it accepted is recorded as sent. (A kill between a 250 reply and its commit is the
        // documented residual window for a duplicate; see src/digest/send.ts.)
        await smtp.setFaults({ tempFailAll: true });
        const sentRows = async () => (await countOutboxByState(db, (await getDigestRun(db, 'daily', '2025-12-02'))!.id)).sent ?? 0;
        await until('every accepted message is recorded', async () => (await sentRows()) === mine().length);
        first.kill('SIGKILL');
        await exited;
        assert.ok(mine().length < 30, 'killed mid-run');
        await smtp.setFaults({ tempFailAll: false });

        const second = start();
        let out = '';
        second.stdout.on('data', (d) => (out += d));
        second.stderr.on('data', (d) => (out += d));
        const code = await new Promise((r) => second.once('exit', r));
        assert.equal(code, 0, out);
        assert.match(out, /sent \d+ now; sent 30/);
        assertExactlyOne({ ...smtp, received: mine }, emails);
      } finally {
        await close();
      }
    });
  });
}
