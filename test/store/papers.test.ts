// The catalog store suite, run on SQLite and (with TEST_DATABASE_URL) on PostgreSQL.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabases, type OpenedTestDb } from '../helpers/db.ts';
import { paperInput } from '../helpers/papers.ts';
import {
  countPapers,
  getPaper,
  getPapersByIds,
  listNewestPapers,
  listPapersAfter,
  upsertPapers,
} from '../../src/store/papers.ts';
import { sql } from '../../src/db/db.ts';

for (const database of testDatabases()) {
  describe(`paper store on ${database.name}`, () => {
    let t: OpenedTestDb;
    before(async () => {
      t = await database.open();
    });
    after(async () => t?.close());

    it('stores a paper with every field and reads it back', async () => {
      const input = paperInput({
        id: '2503.12533',
        version: 2,
        versions: [
          { version: 1, date: Date.UTC(2025, 2, 16) },
          { version: 2, date: Date.UTC(2025, 3, 1) },
        ],
        title: 'Being-0: A Humanoid Robotic Agent',
        abstract: 'We build an agent.',
        authors: ['Haoqi Yuan', 'Balázs Szegedy'],
        categories: ['cs.RO', 'cs.AI'],
        primaryCategory: 'cs.RO',
        comments: '12 pages',
        journalRef: 'J. Robots 1 (2025)',
        doi: '10.1000/xyz',
        license: 'http://creativecommons.org/licenses/by/4.0/',
        publishedAt: Date.UTC(2025, 2, 16),
        updatedAt: Date.UTC(2025, 3, 1),
        codeUrls: ['https://github.com/beingbeyond/being-0'],
        projectUrls: ['https://beingbeyond.github.io/being-0'],
        daily: {
          featuredOn: '2025-03-18',
          submittedBy: 'akhaliq',
          upvotes: 42,
          numComments: 3,
          githubStars: 120,
          aiKeywords: ['humanoid', 'agent'],
          aiSummary: 'A humanoid agent.',
          thumbnail: 'https://thumbnails.example/2503.12533.png',
          organization: { name: 'BeingBeyond', fullname: 'Being Beyond', avatar: null },
        },
        source: 'arxiv-api',
      });
      const result = await upsertPapers(t.db, [input], 1000);
      assert.deepEqual(result, { created: 1, updated: 0, unchanged: 0, changedIds: ['2503.12533'] });
      const paper = await getPaper(t.db, '2503.12533');
      assert.ok(paper);
      const { createdAt, modifiedAt, ...rest } = paper;
      assert.equal(createdAt, 1000);
      assert.equal(modifiedAt, 1000);
      assert.deepEqual(rest, input);
    });

    it('re-importing the same records changes nothing', async () => {
      const batch = [paperInput({ id: '2401.00001', authors: ['A'] }), paperInput({ id: '2401.00002', categories: ['cs.CL'] })];
      assert.equal((await upsertPapers(t.db, batch, 2000)).created, 2);
      const again = await upsertPapers(t.db, batch, 3000);
      assert.deepEqual(again, { created: 0, updated: 0, unchanged: 2, changedIds: [] });
      assert.equal((await getPaper(t.db, '2401.00001'))?.modifiedAt, 2000);
    });

    it('a newer version updates the paper and keeps its history', async () => {
      const v1 = paperInput({ id: '2402.00001', version: 1, versions: [{ version: 1, date: 1 }], title: 'Old title', source: 'arxiv-oai' });
      const v2 = paperInput({ id: '2402.00001', version: 2, versions: [{ version: 2, date: 2 }], title: 'New title', source: 'arxiv-oai' });
      await upsertPapers(t.db, [v1], 10);
      const result = await upsertPapers(t.db, [v2], 20);
      assert.equal(result.updated, 1);
      const paper = await getPaper(t.db, '2402.00001');
      assert.equal(paper?.title, 'New title');
      assert.equal(paper?.version, 2);
      assert.deepEqual(paper?.versions, [{ version: 1, date: 1 }, { version: 2, date: 2 }]);
      assert.equal(paper?.createdAt, 10);
      // An older version seen later does not roll the paper back.
      assert.equal((await upsertPapers(t.db, [v1], 30)).unchanged, 1);
      assert.equal((await getPaper(t.db, '2402.00001'))?.title, 'New title');
    });

    it('a paper seen from arXiv and from Hugging Face is one paper with both sets of facts', async () => {
      const hf = paperInput({
        id: '2403.00001',
        title: 'Title from HF',
        daily: { featuredOn: '2024-03-04', submittedBy: 'akhaliq', upvotes: 9, numComments: 1, githubStars: 5, aiKeywords: [], aiSummary: null },
        codeUrls: ['https://github.com/a/b'],
        source: 'hf-daily',
      });
      const arxiv = paperInput({
        id: '2403.00001',
        version: 1,
        title: 'Title from arXiv',
        categories: ['cs.LG'],
        primaryCategory: 'cs.LG',
        doi: '10.1/2',
        source: 'arxiv-api',
      });
      await upsertPapers(t.db, [hf]);
      await upsertPapers(t.db, [arxiv]);
      const paper = await getPaper(t.db, '2403.00001');
      assert.equal(paper?.title, 'Title from arXiv');
      assert.equal(paper?.doi, '10.1/2');
      assert.equal(paper?.daily?.upvotes, 9);
      assert.deepEqual(paper?.codeUrls, ['https://github.com/a/b']);
      assert.equal(await countPapers(t.db), 5);
      // The other order gives the same paper.
      await upsertPapers(t.db, [{ ...arxiv, id: '2403.00002' }]);
      await upsertPapers(t.db, [{ ...hf, id: '2403.00002' }]);
      const other = await getPaper(t.db, '2403.00002');
      assert.deepEqual({ ...other, id: '', createdAt: 0, modifiedAt: 0 }, { ...paper, id: '', createdAt: 0, modifiedAt: 0 });
    });

    it('keeps the category index in step with the paper', async () => {
      await upsertPapers(t.db, [paperInput({ id: '2404.00001', categories: ['cs.CV', 'cs.LG'], primaryCategory: 'cs.CV', publishedAt: 5, version: 1, source: 'arxiv-oai' })]);
      await upsertPapers(t.db, [paperInput({ id: '2404.00001', categories: ['cs.CV', 'eess.IV'], primaryCategory: 'cs.CV', publishedAt: 5, version: 2, source: 'arxiv-oai' })]);
      const rows = await t.db.all<{ category: string; is_primary: number }>(
        sql`SELECT category, is_primary FROM paper_categories WHERE paper_id = ${'2404.00001'} ORDER BY category`,
      );
      assert.deepEqual(rows.map((r) => [r.category, Number(r.is_primary)]), [['cs.CV', 1], ['eess.IV', 0]]);
    });

    it('lists newest first, pages by id, and fetches by ids in the order asked', async () => {
      await upsertPapers(t.db, [
        paperInput({ id: '2405.00001', publishedAt: Date.UTC(2030, 0, 1) }),
        paperInput({ id: '2405.00002', publishedAt: Date.UTC(2030, 0, 3) }),
        paperInput({ id: '2405.00003', publishedAt: Date.UTC(2030, 0, 2) }),
      ]);
      const newest = await listNewestPapers(t.db, 3);
      assert.deepEqual(newest.map((p) => p.id), ['2405.00002', '2405.00003', '2405.00001']);
      const page = await listPapersAfter(t.db, '2405.00001', 2);
      assert.deepEqual(page.map((p) => p.id), ['2405.00002', '2405.00003']);
      const byIds = await getPapersByIds(t.db, ['2405.00003', 'nope', '2405.00001']);
      assert.deepEqual(byIds.map((p) => p.id), ['2405.00003', '2405.00001']);
    });

    it('a failed batch leaves nothing behind', async () => {
      const before = await countPapers(t.db);
      const bad = paperInput({ id: '2406.00001' });
      // A NOT NULL violation in the middle of the batch rolls the whole batch back.
      await assert.rejects(upsertPapers(t.db, [paperInput({ id: '2406.00000' }), { ...bad, title: null as unknown as string }]));
      assert.equal(await countPapers(t.db), before);
    });

    it('stores text and numbers that a bulk load could mangle, exactly', async () => {
      const tricky = paperInput({
        id: '2407.00001',
        title: 'Tabs\tand\\backslashes\nand 𝔘nicode ünïcödé 🚀',
        abstract: 'C:\\path\\N \\N \\. end',
        authors: ['Zoë \\ "Quote"', '名前'],
        comments: null,
        publishedAt: -86_400_000 * 365 * 30, // 1940: a negative epoch
        updatedAt: 2 ** 40 + 123, // above 32 bits
        version: 7,
      });
      await upsertPapers(t.db, [tricky]);
      const got = await getPaper(t.db, '2407.00001');
      assert.equal(got?.title, tricky.title);
      assert.equal(got?.abstract, tricky.abstract);
      assert.deepEqual(got?.authors, tricky.authors);
      assert.equal(got?.comments, null);
      assert.equal(got?.publishedAt, tricky.publishedAt);
      assert.equal(got?.updatedAt, tricky.updatedAt);
      assert.equal(got?.version, 7);
    });

    it('two importers writing the same new papers at once end with one merged paper each', async () => {
      const ids = Array.from({ length: 50 }, (_, i) => `2408.${String(i).padStart(5, '0')}`);
      const fromArxiv = ids.map((id) => paperInput({ id, title: `Paper ${id}`, abstract: 'From arXiv.', source: 'arxiv-oai', version: 1 }));
      const fromHf = ids.map((id) =>
        paperInput({ id, title: `Paper ${id}`, source: 'hf-daily', daily: { featuredOn: '2024-08-01', submittedBy: 'ak', upvotes: 3, numComments: 0, githubStars: null, aiKeywords: [], aiSummary: null } }),
      );
      const results = await Promise.all([upsertPapers(t.db, fromArxiv), upsertPapers(t.db, fromHf)]);
      assert.equal(results[0].created + results[1].created, 50);
      const papers = await getPapersByIds(t.db, ids);
      assert.equal(papers.length, 50);
      for (const p of papers) {
        assert.equal(p.abstract, 'From arXiv.');
        assert.equal(p.daily?.upvotes, 3);
      }
    });

    it('refuses a category row for a paper that does not exist', async () => {
      await assert.rejects(
        t.db.run(sql`INSERT INTO paper_categories (category, paper_id, is_primary, published_at) VALUES (${'cs.AI'}, ${'9999.99999'}, ${1}, ${null})`),
      );
      const n = await t.db.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM paper_categories WHERE paper_id = ${'9999.99999'}`);
      assert.equal(Number(n?.n), 0);
    });

    it('keeps Hugging Face\'s account facts with the submission they came with', async () => {
      const hf = {
        submittedAt: '2025-12-31T01:36:44.468Z',
        submitter: { id: 'a1', name: 'alice', fullname: 'Alice A', avatarUrl: '/avatars/a.svg', type: 'user' },
        organization: { id: 'o1', name: 'lab', fullname: 'The Lab', avatar: null },
        authorAccounts: { 'Ann Author': { id: 'u1', name: 'ann', fullname: 'Ann', avatarUrl: null, type: 'user' } },
      };
      const daily = { featuredOn: '2025-12-31', submittedBy: 'alice', upvotes: 3, numComments: 0, githubStars: null, aiKeywords: [], aiSummary: null };
      const base = { id: '2512.70001', authors: ['Ann Author'], source: 'hf-daily' as const };
      await upsertPapers(t.db, [paperInput({ ...base, daily: { ...daily, hf } })]);
      assert.deepEqual((await getPaper(t.db, base.id))!.daily!.hf, hf);
      const again = await upsertPapers(t.db, [paperInput({ ...base, daily: { ...daily, hf } })]);
      assert.equal(again.changedIds.length, 0, 'the same facts again change nothing');
      await upsertPapers(t.db, [paperInput({ ...base, daily: { ...daily, upvotes: 4 } })]);
      assert.deepEqual((await getPaper(t.db, base.id))!.daily!.hf, hf, 'a record without them keeps them');
      await upsertPapers(t.db, [paperInput({ ...base, daily: { ...daily, submittedBy: 'bob' } })]);
      assert.equal((await getPaper(t.db, base.id))!.daily!.hf, undefined, 'another submitter: the old profile no longer applies');
    });
  });
}
