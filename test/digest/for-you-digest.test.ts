// A subscriber who is also a member gets a short "For you" section after the trending papers; others do not.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { simpleParser } from 'mailparser';
import { loadConfig } from '../../src/config.ts';
import { createMailer } from '../../src/mail/transport.ts';
import { sendDigestRun } from '../../src/digest/send.ts';
import { createSearchService } from '../../src/search/service.ts';
import { upsertPapers } from '../../src/store/papers.ts';
import { insertUser } from '../../src/store/users.ts';
import { savePaper } from '../../src/foryou/member-library.ts';
import { testDatabases } from '../helpers/db.ts';
import { startSmtpServer } from '../helpers/smtp-server.ts';
import { seedConfirmedSubscribers, seedFeaturedPapers } from '../helpers/digest.ts';
import { forYouCorpus } from '../helpers/for-you-corpus.ts';

for (const database of testDatabases()) {
  describe(`For you in the digest (${database.name})`, () => {
    it('adds up to three personal picks with their reasons for a member subscribed with the same address', async () => {
      const smtp = await startSmtpServer();
      const { db, close } = await database.open();
      const config = loadConfig({ SMTP_URL: smtp.url, PUBLIC_URL: 'https://pb.test' });
      const mailer = createMailer(config);
      try {
        const corpus = forYouCorpus();
        await upsertPapers(db, corpus.papers);
        await seedFeaturedPapers(db, '2025-12-04', 2, '2512');
        const [memberEmail] = await seedConfirmedSubscribers(db, 1, {}, 'member.org');
        await seedConfirmedSubscribers(db, 1, {}, 'plain.org');
        const user = (await insertUser(db, { email: memberEmail!, name: 'reader', role: 'member' }))!;
        for (const id of corpus.byTopic.proteins.slice(0, 3)) assert.ok((await savePaper(db, { ...user, role: 'member' }, id, {})).ok);

        const service = createSearchService(db, { refreshMs: 0 });
        const report = await sendDigestRun({ db, mailer, config, search: async () => service }, { period: 'daily', dueOn: '2025-12-05' });
        assert.deepEqual(report.counts, { sent: 2 });
        const mails = await Promise.all(smtp.received().map(async (m) => ({ to: m.to[0]!, parsed: await simpleParser(m.raw) })));
        const member = mails.find((m) => m.to === memberEmail)!;
        const text = member.parsed.text!;
        const section = text.slice(text.indexOf('For you (from what you saved and follow: https://pb.test/for-you)'));
        assert.ok(section.length < text.length, 'the member has a For-you section');
        const picks = [...section.matchAll(/papers\/(\d+\.\d+)/g)].map((m) => m[1]!);
        assert.equal(picks.length, 3);
        assert.ok(picks.every((id) => corpus.byTopic.proteins.includes(id) && !corpus.byTopic.proteins.slice(0, 3).includes(id)));
        assert.equal((section.match(/close to \d papers? in your "Reading list" collection/g) ?? []).length, 3);
        assert.match(String(member.parsed.html), /<div[^>]*>For you<\/div>/);
        const plain = mails.find((m) => m.to.endsWith('@plain.org'))!;
        assert.doesNotMatch(plain.parsed.text!, /For you/);
        assert.deepEqual([...plain.parsed.text!.matchAll(/papers\/(\d+\.\d+)/g)].map((m) => m[1]), ['2512.00001', '2512.00002']);
      } finally {
        mailer.close();
        await close();
        await smtp.stop();
      }
    });
  });
}
