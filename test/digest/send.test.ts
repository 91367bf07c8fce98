// What a subscriber receives across runs: topics filter, nothing twice, no empty mail, weekend windows.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { simpleParser } from 'mailparser';
import { loadConfig } from '../../src/config.ts';
import { createMailer } from '../../src/mail/transport.ts';
import { sendDigestRun } from '../../src/digest/send.ts';
import { testDatabases } from '../helpers/db.ts';
import { startSmtpServer, type SmtpServerHandle } from '../helpers/smtp-server.ts';
import { seedConfirmedSubscribers, seedFeaturedPapers } from '../helpers/digest.ts';

for (const database of testDatabases()) {
  describe(`digest contents across runs (${database.name})`, () => {
    let smtp: SmtpServerHandle;
    before(async () => {
      smtp = await startSmtpServer();
    });
    after(async () => smtp?.stop());

    it('filters by topics, never mails a paper twice (Monday covers the weekend), and sends no empty digest', async () => {
      const { db, close } = await database.open();
      const config = loadConfig({ SMTP_URL: smtp.url, PUBLIC_URL: 'https://pb.test' });
      const mailer = createMailer(config);
      try {
        // Thursday 4 Dec: 4 papers (even ones cs.CL "language agents", odd ones cs.CV "diffusion").
        await seedFeaturedPapers(db, '2025-12-04', 4, '2512');
        // Sunday 7 Dec: 2 more.
        await seedFeaturedPapers(db, '2025-12-07', 2, '2513');
        await seedConfirmedSubscribers(db, 1, {}, 'all.org');
        await seedConfirmedSubscribers(db, 1, { topics: { categories: ['cs.CV'], keywords: [], query: null } }, 'vision.org');
        await seedConfirmedSubscribers(db, 1, { topics: { categories: [], keywords: ['quantum'], query: null } }, 'quantum.org');

        const friday = await sendDigestRun({ db, mailer, config }, { period: 'daily', dueOn: '2025-12-05' });
        assert.deepEqual(friday.counts, { sent: 2, empty: 1 });
        const monday = await sendDigestRun({ db, mailer, config }, { period: 'daily', dueOn: '2025-12-08' });
        assert.deepEqual(monday.counts, { sent: 2, empty: 1 });

        const mails = await Promise.all(smtp.received().map(async (m) => ({ to: m.to[0]!, text: (await simpleParser(m.raw)).text! })));
        const ids = (to: string) => mails.filter((m) => m.to === to).map((m) => [...m.text.matchAll(/papers\/(\d+\.\d+)/g)].map((x) => x[1]));
        assert.deepEqual(ids('reader1@all.org'), [
          ['2512.00001', '2512.00002', '2512.00003', '2512.00004'],
          ['2513.00001', '2513.00002'],
        ], 'Monday has the weekend papers and none of Thursday\'s again');
        assert.deepEqual(ids('reader1@vision.org'), [['2512.00002', '2512.00004'], ['2513.00002']]);
        assert.deepEqual(ids('reader1@quantum.org'), [], 'no empty digest');
      } finally {
        mailer.close();
        await close();
      }
    });
  });
}

describe('saved-search topics', () => {
  it('use the search service when there is one (ranked keyword search), and every word of the query without it', async () => {
    const { suiteTestDatabase } = await import('../helpers/db.ts');
    const { createSearchService } = await import('../../src/search/service.ts');
    const smtp = await startSmtpServer();
    const { db, close } = await suiteTestDatabase().open();
    const config = loadConfig({ SMTP_URL: smtp.url, PUBLIC_URL: 'https://pb.test' });
    const mailer = createMailer(config);
    try {
      // Even papers are about "language agents", odd ones about "diffusion models".
      await seedFeaturedPapers(db, '2025-12-04', 4, '2512');
      await seedFeaturedPapers(db, '2025-12-05', 4, '2513');
      await seedConfirmedSubscribers(db, 1, { topics: { categories: [], keywords: [], query: 'diffusion quantum' } }, 'saved.org');
      // Without a search index: every word must appear; no paper mentions "quantum".
      const plain = await sendDigestRun({ db, mailer, config }, { period: 'daily', dueOn: '2025-12-05' });
      assert.deepEqual(plain.counts, { empty: 1 });
      // With the search service: ranked keyword search, as on the search page.
      const service = createSearchService(db, { refreshMs: 0 });
      await service.rebuild();
      const searched = await sendDigestRun({ db, mailer, config, search: async () => service }, { period: 'daily', dueOn: '2025-12-08' });
      assert.deepEqual(searched.counts, { sent: 1 });
      const text = (await simpleParser(smtp.received()[0]!.raw)).text!;
      assert.deepEqual([...text.matchAll(/papers\/(\d+\.\d+)/g)].map((m) => m[1]), ['2513.00002', '2513.00004', '2512.00002', '2512.00004'], 'the diffusion papers of the week window only');
    } finally {
      mailer.close();
      await close();
      await smtp.stop();
    }
  });
});
