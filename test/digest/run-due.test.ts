// The scheduled job: nothing before the send hour in the configured zone, then the day's digests once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config.ts';
import { runDueDigests } from '../../src/digest/run-due.ts';
import { JOBS } from '../../src/jobs/registry.ts';
import { suiteTestDatabase } from '../helpers/db.ts';
import { startSmtpServer } from '../helpers/smtp-server.ts';
import { seedConfirmedSubscribers, seedFeaturedPapers } from '../helpers/digest.ts';

test('digest-send job: waits for the send hour in DIGEST_TIME_ZONE, sends daily and weekly once, skips weekends', async () => {
  const smtp = await startSmtpServer();
  const { db, close } = await suiteTestDatabase().open();
  try {
    assert.ok(JOBS['digest-send']?.every, 'registered as a scheduled worker job');
    const config = loadConfig({ SMTP_URL: smtp.url, PUBLIC_URL: 'https://pb.test', DIGEST_SEND_HOUR: '8', DIGEST_TIME_ZONE: 'Europe/Berlin' });
    await seedFeaturedPapers(db, '2025-12-01', 3);
    await seedConfirmedSubscribers(db, 2, {}, 'daily.org');
    await seedConfirmedSubscribers(db, 1, { frequency: 'weekly', weekday: 2 }, 'tuesday.org');
    await seedConfirmedSubscribers(db, 1, { frequency: 'weekly', weekday: 3 }, 'wednesday.org');
    // Tuesday 2025-12-02, 06:30 UTC = 07:30 in Berlin: not yet.
    assert.match(await runDueDigests(db, config, Date.parse('2025-12-02T06:30:00Z')), /nothing due before 8:00 Europe\/Berlin/);
    assert.equal(smtp.received().length, 0);
    const at = Date.parse('2025-12-02T07:05:00Z');
    assert.equal(await runDueDigests(db, config, at), 'daily 2025-12-02: sent 2; weekly 2025-12-02: sent 1');
    assert.deepEqual(smtp.received().map((m) => m.to[0]).sort(), ['reader1@daily.org', 'reader1@tuesday.org', 'reader2@daily.org']);
    assert.match(await runDueDigests(db, config, at + 5 * 60_000), /daily 2025-12-02: the daily digest due 2025-12-02 was already sent/);
    assert.equal(smtp.received().length, 3);
    // Saturday: no daily digest (DIGEST_WEEKENDS is off); the weekly one has nobody for Saturdays.
    assert.equal(await runDueDigests(db, config, Date.parse('2025-12-06T09:00:00Z')), 'weekly 2025-12-06: sent 0');
  } finally {
    await close();
    await smtp.stop();
  }
});
