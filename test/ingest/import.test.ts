// The import pipeline end to end on a real database: counts of real data sets (data/demo, test
// fixtures, and the whole archive in ../shared/data when it is there), idempotent
// re-imports, merge of arXiv and Daily Papers facts, and hostile inputs that must not crash it.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { once } from 'node:events';
import { testDatabases, type OpenedTestDb } from '../helpers/db.ts';
import { demoData, demoDayText, fixtures, needsSharedData, sharedData } from '../helpers/fixtures.ts';
import { importPaths } from '../../src/ingest/import.ts';
import { sql } from '../../src/db/db.ts';
import { countPapers, getPaper } from '../../src/store/papers.ts';
import { InputError } from '../../src/errors.ts';
import { runCli } from '../helpers/cli.ts';

const kaggle = `${fixtures}kaggle-snapshot`;

for (const database of testDatabases()) {
  describe(`import on ${database.name}`, () => {
    let t: OpenedTestDb;
    before(async () => {
      t = await database.open();
    });
    after(async () => t.close());

    test('the demo Daily Papers days and the Kaggle sample give 1,108 + 150 papers; re-import changes nothing', async () => {
      const days = `${demoData}hf-daily-papers`;
      const first = await importPaths(t.db, [days, kaggle]);
      assert.deepEqual([first.new, first.rejected], [1108 + 150, 0]);
      const again = await importPaths(t.db, [days, kaggle]);
      assert.deepEqual([again.new, again.updated, again.unchanged], [0, 0, 1258]);
      const p = await getPaper(t.db, '2512.23447');
      assert.deepEqual([p?.daily?.featuredOn, p?.daily?.submittedBy, p?.daily?.upvotes], ['2025-12-30', 'AngLv', 43]);
      const k = await getPaper(t.db, '0704.0001');
      assert.equal(k?.authors[0], 'C. Balázs');
    });

    test('all Daily Papers days of the archive and the Kaggle sample give 5,841 + 150 papers', { skip: needsSharedData }, async () => {
      const own = await database.open();
      try {
        const paths = [`${sharedData}hf-daily-papers`, `${sharedData}kaggle-snapshot`];
        const first = await importPaths(own.db, paths);
        assert.deepEqual([first.new, first.rejected], [5841 + 150, 0]);
        assert.equal(await countPapers(own.db), 5991);
        const again = await importPaths(own.db, paths);
        assert.deepEqual([again.new, again.updated, again.unchanged], [0, 0, 5991]);
        const p = await getPaper(own.db, '2505.24864');
        assert.deepEqual([p?.daily?.featuredOn, p?.daily?.submittedBy, p?.daily?.upvotes], ['2025-06-02', 'shizhediao', 35]);
      } finally {
        await own.close();
      }
    });

    test('a paper seen by arXiv and by Daily Papers is one paper with both sets of facts', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'pb-merge-'));
      try {
        const hf = [{ paper: { id: '2601.00001', title: 'HF title', summary: 's', authors: [{ name: 'A' }], upvotes: 7, githubRepo: 'https://github.com/o/r', publishedAt: '2026-01-01T00:00:00Z' }, numComments: 2 }];
        writeFileSync(join(dir, '2026-01-02.json'), JSON.stringify(hf));
        writeFileSync(join(dir, 'arxiv.jsonl'), `${JSON.stringify({ id: '2601.00001v2', title: 'arXiv title', summary: 'abstract', authors: ['A', 'B'], categories: ['cs.LG'], comment: 'Code: https://github.com/O/R.' })}\n`);
        const r = await importPaths(t.db, [dir]);
        assert.equal(r.new, 1);
        const p = (await getPaper(t.db, '2601.00001'))!;
        assert.equal(p.title, 'arXiv title');
        assert.deepEqual(p.authors, ['A', 'B']);
        assert.equal(p.daily?.upvotes, 7);
        assert.deepEqual(p.codeUrls, ['https://github.com/o/r']);
        const again = await importPaths(t.db, [dir]);
        assert.deepEqual([again.new, again.updated], [0, 0]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    test('numbers no database column can hold are dropped, not allowed to fail the batch', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'pb-numbers-'));
      try {
        const hf = [{ paper: { id: '2601.00003', title: 'Odd counts', summary: 's', authors: [], upvotes: 3.6, githubStars: 1e300 }, numComments: -4 }];
        writeFileSync(join(dir, '2026-01-03.json'), JSON.stringify(hf));
        const lines = [
          { id: '2601.00004v99999999999', title: 'Absurd version' },
          { id: '2601.00005', title: 'Absurd dates', published: 1e300, updated: 1.5, versions: [{ version: 'v123456789012', created: 'Mon, 2 Apr 2007 19:18:42 GMT' }] },
          { id: '2601.00006', title: 'A good neighbour' },
        ];
        writeFileSync(join(dir, 'odd.jsonl'), `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
        const r = await importPaths(t.db, [dir]);
        assert.deepEqual([r.new, r.rejected], [3, 1]);
        assert.match(r.rejects[0].reason, /2601\.00004v99999999999.*is not an arXiv id/);
        const counts = (await getPaper(t.db, '2601.00003'))!.daily!;
        assert.deepEqual([counts.upvotes, counts.numComments, counts.githubStars], [4, 0, 2_147_483_647]);
        const dates = (await getPaper(t.db, '2601.00005'))!;
        assert.deepEqual([dates.publishedAt, dates.updatedAt, dates.version], [null, null, 0]);
        assert.ok(await getPaper(t.db, '2601.00006'));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    test('a paper featured on two days keeps the later day\'s facts, whatever the order', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'pb-days-'));
      try {
        const entry = (upvotes: number) => [{ paper: { id: '2601.00002', title: 'Twice', summary: 's', authors: [], upvotes }, numComments: 0 }];
        writeFileSync(join(dir, '2026-01-05.json'), JSON.stringify(entry(50)));
        writeFileSync(join(dir, '2026-01-02.json'), JSON.stringify(entry(10)));
        await importPaths(t.db, [join(dir, '2026-01-05.json'), join(dir, '2026-01-02.json')]);
        const p = (await getPaper(t.db, '2601.00002'))!;
        assert.deepEqual([p.daily?.featuredOn, p.daily?.upvotes], ['2026-01-05', 50]);
        const again = await importPaths(t.db, [dir]);
        assert.deepEqual([again.new, again.updated, again.unchanged], [0, 0, 1]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}

describe('hostile and broken inputs', () => {
  let t: OpenedTestDb;
  let dir: string;
  before(async () => {
    t = await testDatabases()[0].open();
    dir = mkdtempSync(join(tmpdir(), 'pb-bad-'));
  });
  after(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('each malformed Daily Papers file is rejected with a reason while files beside it import', async () => {
    const good = demoDayText('2025-12-30');
    const mixed = join(dir, 'mixed');
    const { mkdirSync, copyFileSync, readdirSync } = await import('node:fs');
    mkdirSync(mixed);
    const malformed = `${fixtures}hf-daily-papers-malformed`;
    for (const f of readdirSync(malformed)) copyFileSync(join(malformed, f), join(mixed, `bad-${f}`));
    writeFileSync(join(mixed, '2025-12-30.json'), good);
    const r = await importPaths(t.db, [mixed]);
    assert.equal(r.read, JSON.parse(good).length);
    assert.equal(r.rejected, 4);
    for (const rej of r.rejects) assert.match(rej.reason, /Python repr/);
    assert.ok(r.rejects.every((x) => x.where.includes('bad-')));
  });

  test('truncated .gz keeps what was read and reports the cut', async () => {
    const lines = Array.from({ length: 300 }, (_, i) => JSON.stringify({ id: `2602.${String(i).padStart(5, '0')}`, title: `T ${i}`, summary: 'x'.repeat(200) }));
    const gz = gzipSync(lines.join('\n'));
    const path = join(dir, 'cut.jsonl.gz');
    writeFileSync(path, gz.subarray(0, Math.floor(gz.length * 0.6)));
    const r = await importPaths(t.db, [path]);
    assert.ok(r.new > 0 && r.new < 300, `${r.new}`);
    assert.equal(r.rejected, 1);
    assert.match(r.rejects[0].reason, /truncated gzip/);
  });

  test('a binary file is rejected; other files still import', async () => {
    const bin = join(dir, 'bin');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(bin);
    writeFileSync(join(bin, 'a.bin'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
    writeFileSync(join(bin, 'b.jsonl'), '{"id": "2603.00001", "title": "ok"}\n');
    const r = await importPaths(t.db, [bin]);
    assert.equal(r.read, 1);
    assert.match(r.rejects[0].reason, /binary/);
  });

  test('the parse worker gives the same results as parsing inline', async () => {
    const dir2 = join(dir, 'worker');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(dir2);
    const lines = Array.from({ length: 1200 }, (_, i) => JSON.stringify({ id: `2606.${String(i).padStart(5, '0')}`, title: `W ${i}` }));
    writeFileSync(join(dir2, 'a.jsonl.gz'), gzipSync(`${lines.join('\n')}\n{broken\n`));
    writeFileSync(join(dir2, 'b.bin'), Buffer.from([0, 0, 0, 1, 2, 3]));
    const viaWorker = await importPaths(t.db, [dir2, join(dir2, 'b.bin')], { worker: true });
    assert.deepEqual([viaWorker.read, viaWorker.new, viaWorker.rejected], [1200, 1200, 3]);
    assert.equal(viaWorker.rejects[0].where, `${join(dir2, 'a.jsonl.gz')}:1201`);
    assert.equal(viaWorker.failedInputs.length, 1);
    const inline = await importPaths(t.db, [dir2], { worker: false });
    assert.deepEqual([inline.read, inline.unchanged, inline.rejected], [1200, 1200, 2]);
  });

  test('parse workers taking files in turn merge records in file order, as one thread does', async () => {
    const { mkdirSync } = await import('node:fs');
    // Five files restate the same papers; same version and source, so the last file's title wins.
    const write = (sub: string) => {
      const d = join(dir, sub);
      mkdirSync(d);
      for (let f = 1; f <= 5; f++) {
        const lines = Array.from({ length: 700 }, (_, i) => JSON.stringify({ id: `2609.${String(i).padStart(5, '0')}`, title: `file ${f}`, abstract: `a ${f}` }));
        writeFileSync(join(d, `part-${f}.jsonl`), `${lines.join('\n')}\n`);
      }
      return d;
    };
    const viaTwo = await importPaths(t.db, [write('order-two')], { worker: 2 });
    assert.deepEqual([viaTwo.read, viaTwo.new, viaTwo.updated, viaTwo.unchanged], [3500, 700, 0, 0]);
    const titles = await t.db.all<{ title: string }>(sql`SELECT DISTINCT title FROM papers WHERE id LIKE ${'2609.%'}`);
    assert.deepEqual(titles.map((r) => r.title), ['file 5']);
    const inline = await importPaths(t.db, [write('order-inline')], { worker: false });
    assert.deepEqual([inline.new, inline.updated], [0, 0]);
  });

  test('an XML entity-expansion bomb is refused', async () => {
    const path = join(dir, 'bomb.xml');
    const ents = Array.from({ length: 9 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`).join('');
    writeFileSync(path, `<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY l0 "lol">${ents}]><feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/abs/2401.00001</id><title>&l9;</title></entry></feed>`);
    const r = await importPaths(t.db, [path]);
    assert.equal(r.read, 0);
    assert.match(r.rejects[0].reason, /DOCTYPE/);
  });

  test('a 50 MB single-line JSON is rejected without being held in memory', async () => {
    const path = join(dir, 'huge.jsonl');
    const out = createWriteStream(path);
    out.write('{"id": "2604.00001", "title": "huge", "abstract": "');
    const chunk = 'a'.repeat(1 << 20);
    for (let i = 0; i < 50; i++) if (!out.write(chunk)) await once(out, 'drain');
    out.end('"}\n{"id": "2604.00002", "title": "small"}\n');
    await once(out, 'finish');
    const r = await importPaths(t.db, [path]);
    assert.equal(r.read, 1);
    assert.equal(r.rejects[0].where, `${path}:1`);
    assert.match(r.rejects[0].reason, /over the 4 MB limit/);
    const doc = join(dir, 'huge.json');
    writeFileSync(doc, `[${'{"id":"1","title":"t"},'.repeat(1_600_000)}{"id":"2","title":"t"}]`);
    const r2 = await importPaths(t.db, [doc]);
    assert.equal(r2.read, 0);
    assert.match(r2.rejects[0].reason, /larger than 32 MB/);
  });

  test('a plain-text listing is matched to catalog papers by title; unknown titles are rejected', async () => {
    await importPaths(t.db, ['-'], { stdin: Readable.from([Buffer.from('{"id": "2607.00001", "title": "Known Paper Title", "abstract": ""}\n')]) });
    const abstract = 'An abstract long enough to be a paragraph of prose rather than a menu line or a date, as a trending-papers listing page shows it under each title.';
    const listing = join(dir, 'listing.txt');
    writeFileSync(listing, `new\n\nSubscribe\n\nKnown Paper Title\n\n${abstract}\n\nUnknown Paper\n\n${abstract}\n`);
    const r = await importPaths(t.db, [listing]);
    assert.deepEqual([r.read, r.updated, r.rejected], [1, 1, 1]);
    assert.match(r.rejects[0].reason, /no paper with this title/);
    assert.equal((await getPaper(t.db, '2607.00001'))?.abstract, abstract);
  });

  test('stdin (-) and a missing path', async () => {
    const stdin = Readable.from([Buffer.from('{"id": "2605.00001", "title": "from stdin"}\n')]);
    const r = await importPaths(t.db, ['-'], { stdin });
    assert.equal(r.new, 1);
    await assert.rejects(importPaths(t.db, [join(dir, 'nope')]), (e) => e instanceof InputError && /no such file/.test(e.message));
  });
});

test('CLI: summary line, --json, rejects listed, exit codes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pb-cli-'));
  const prev = process.env.DATABASE_URL;
  process.env.DATABASE_URL = `sqlite:${join(dir, 'cli.db')}`;
  const run = (...args: string[]) => runCli(args);
  try {
    const a = await run('import', kaggle, `${fixtures}hf-daily-papers-malformed/2025-01-10.json.gz`);
    assert.equal(a.code, 3, 'finished, some input rejected');
    assert.match(a.out, /^rejected .*2025-01-10\.json\.gz: .*Python repr/m);
    assert.match(a.out.trim().split('\n').at(-1)!, /^imported 150 papers: 150 new, 0 updated, 0 unchanged, 1 rejected$/);
    const b = await run('import', '--json', kaggle);
    assert.equal(b.code, 0);
    assert.deepEqual(JSON.parse(b.out.trim().split('\n').at(-1)!), { read: 150, new: 0, updated: 0, unchanged: 150, rejected: 0, merged: 0 });
    const c = await run('import', join(dir, 'missing.json'));
    assert.equal(c.code, 1);
    assert.match(c.err, /cannot read .*missing\.json: no such file/);
    writeFileSync(join(dir, 'x.dat'), Buffer.from([0, 1, 2, 3, 0, 0, 9]));
    const d = await run('import', join(dir, 'x.dat'));
    assert.equal(d.code, 3);
    assert.match(d.err, /binary file/);
    const e = await run('import', '--format', 'bogus', 'x');
    assert.equal(e.code, 2);
  } finally {
    if (prev === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = prev;
    rmSync(dir, { recursive: true, force: true });
  }
});
