// What an import says about bad input: invalid UTF-8 by file and byte offset, a cut .gz by
// position, merged duplicate ids, and one exit code for "finished, some input rejected".
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { testDatabases, type OpenedTestDb } from '../helpers/db.ts';
import { importPaths } from '../../src/ingest/import.ts';
import { getPaper } from '../../src/store/papers.ts';
import { runCli } from '../helpers/cli.ts';
import { EXIT_SOME_REJECTED } from '../../src/cli/import.ts';

const line = (id: string, title: string) => JSON.stringify({ id, title, abstract: `About ${title}.` });
const atom = (entries: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom">${entries}</feed>`;
const entry = (id: string, title: string) => `<entry><id>http://arxiv.org/abs/${id}v1</id><title>${title}</title><summary>Text.</summary><published>2024-01-01T00:00:00Z</published></entry>`;

for (const database of testDatabases()) {
  describe(`import reporting on ${database.name}`, () => {
    let t: OpenedTestDb;
    let dir: string;
    before(async () => {
      t = await database.open();
      dir = mkdtempSync(join(tmpdir(), 'pb-report-'));
    });
    after(async () => {
      await t.close();
      rmSync(dir, { recursive: true, force: true });
    });

    test('invalid UTF-8 in a JSON line is rejected with file, line and byte offset; the other lines import', async () => {
      const first = `${line('2701.00001', 'Good one')}\n`;
      const bad = Buffer.concat([Buffer.from('{"id": "2701.00002", "title": "Caf'), Buffer.from([0xe9]), Buffer.from('"}\n')]);
      const path = join(dir, 'latin1.jsonl');
      writeFileSync(path, Buffer.concat([Buffer.from(first), bad, Buffer.from(`${line('2701.00003', 'Good two')}\n`)]));
      const r = await importPaths(t.db, [path]);
      assert.deepEqual([r.new, r.rejected], [2, 1]);
      assert.equal(r.rejects[0].where, `${path}:2`);
      const offset = Buffer.byteLength(first) + '{"id": "2701.00002", "title": "Caf'.length;
      assert.match(r.rejects[0].reason, new RegExp(`invalid UTF-8 at byte offset ${offset} of the file`));
      assert.equal(await getPaper(t.db, '2701.00002'), null, 'nothing with U+FFFD in its place');
    });

    test('invalid UTF-8 in an XML feed or a JSON document names the file and byte offset', async () => {
      const head = atom(entry('2702.00001', 'Before')).replace('</feed>', '');
      const xml = Buffer.concat([Buffer.from(head), Buffer.from('<entry><id>http://arxiv.org/abs/2702.00002v1</id><title>Bad '), Buffer.from([0xff, 0xfe]), Buffer.from('</title></entry></feed>')]);
      const xmlPath = join(dir, 'bad.xml');
      writeFileSync(xmlPath, xml);
      const r = await importPaths(t.db, [xmlPath]);
      assert.equal(r.rejected, 1);
      assert.equal(r.rejects[0].where, xmlPath);
      assert.match(r.rejects[0].reason, new RegExp(`invalid UTF-8 at byte offset ${xml.indexOf(0xff)};`));
      const json = Buffer.concat([Buffer.from(`[${line('2702.00003', 'X')}, {"id": "2702.00004", "title": "`), Buffer.from([0xc3, 0x28]), Buffer.from('"}]')]);
      const jsonPath = join(dir, 'bad.json');
      writeFileSync(jsonPath, json);
      const j = await importPaths(t.db, [jsonPath]);
      assert.deepEqual([j.read, j.rejected], [0, 1]);
      assert.match(j.rejects[0].reason, new RegExp(`invalid UTF-8 at byte offset ${json.indexOf(0xc3)}; the file must be UTF-8`));
    });

    test('a truncated .gz is reported with the position of the cut', async () => {
      const lines = Array.from({ length: 400 }, (_, i) => line(`2703.${String(i).padStart(5, '0')}`, `T ${i} ${'x'.repeat(150)}`));
      const gz = gzipSync(lines.join('\n'));
      const cut = gz.subarray(0, Math.floor(gz.length * 0.5));
      const path = join(dir, 'cut.jsonl.gz');
      writeFileSync(path, cut);
      const r = await importPaths(t.db, [path]);
      assert.equal(r.rejected, 1);
      assert.match(r.rejects[0].reason, new RegExp(`truncated gzip file \\(the data ends at byte ${cut.length} of the compressed file, after \\d+ bytes of decompressed data\\)`));
    });

    test('records repeating an id read earlier in the same import are reported as merged', async () => {
      const a = join(dir, 'dup-a.jsonl');
      const b = join(dir, 'dup-b.jsonl');
      writeFileSync(a, [line('2704.00001', 'One'), line('2704.00002', 'Two'), line('2704.00001', 'One again')].join('\n') + '\n');
      writeFileSync(b, [line('2704.00001', 'One, third time'), line('2704.00003', 'Three')].join('\n') + '\n');
      const r = await importPaths(t.db, [a, b], { batchSize: 2 });
      assert.deepEqual([r.read, r.new, r.merged], [5, 3, 2]);
      assert.deepEqual(r.mergedIds, [{ id: '2704.00001', records: 3 }]);
    });
  });
}

describe('import exit codes', () => {
  let dir: string;
  const prev = process.env.DATABASE_URL;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'pb-exit-'));
    process.env.DATABASE_URL = `sqlite:${join(dir, 'cli.db')}`;
  });
  after(() => {
    if (prev === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = prev;
    rmSync(dir, { recursive: true, force: true });
  });
  const run = (...args: string[]) => runCli(['import', ...args]);

  test('an empty file, an XML bomb, bad UTF-8 and a bad record all say "some input rejected"; a clean run says 0', async () => {
    writeFileSync(join(dir, 'empty.json'), '');
    const ents = Array.from({ length: 9 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`).join('');
    writeFileSync(join(dir, 'bomb.xml'), `<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY l0 "lol">${ents}]><feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/abs/2401.00001</id><title>&l9;</title></entry></feed>`);
    writeFileSync(join(dir, 'latin1.jsonl'), Buffer.concat([Buffer.from('{"id": "2705.00001", "title": "Caf'), Buffer.from([0xe9]), Buffer.from('"}\n')]));
    writeFileSync(join(dir, 'bad-record.jsonl'), `${line('2705.00002', 'Fine')}\n{"title": "no id"}\n`);
    writeFileSync(join(dir, 'clean.jsonl'), `${line('2705.00003', 'Clean')}\n${line('2705.00003', 'Clean, again')}\n`);
    for (const file of ['empty.json', 'bomb.xml', 'latin1.jsonl', 'bad-record.jsonl']) {
      const r = await run(join(dir, file));
      assert.equal(r.code, EXIT_SOME_REJECTED, `${file}: ${r.out}${r.err}`);
      assert.match(r.out, new RegExp(`^rejected ${join(dir, file).replace(/[.]/g, '\\.')}`, 'm'), file);
    }
    const clean = await run(join(dir, 'clean.jsonl'));
    assert.equal(clean.code, 0, clean.out + clean.err);
    assert.match(clean.out, /^merged 2705\.00003: 2 records in this import had this id$/m);
    assert.match(clean.out, /^imported 2 papers \(1 merged into a paper read earlier in this import\): 1 new/m);
    assert.equal((await run(join(dir, 'missing.jsonl'))).code, 1);
  });
});
