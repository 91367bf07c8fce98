// `paperboy eval` on a tiny BEIR directory: metrics printed, run file written, bad input explained.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.ts';

async function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    return await runCli(args);
  } finally {
    process.env = saved;
  }
}

describe('paperboy eval', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'paperboy-beir-'));
    const docs = [
      { _id: 'd1', title: 'Aspirin and heart attacks', text: 'Daily aspirin lowers the risk of heart attack in adults.' },
      { _id: 'd2', title: 'Vitamin D and bones', text: 'Vitamin D supplements strengthen bones in older people.' },
      { _id: 'd3', title: 'Exercise and sleep', text: 'Regular exercise improves sleep quality.' },
      { _id: 'd4', title: 'Coffee and heart rhythm', text: 'Coffee does not cause heart rhythm problems.' },
    ];
    writeFileSync(join(dir, 'corpus.jsonl.gz'), gzipSync(docs.map((d) => JSON.stringify(d)).join('\n') + '\n'));
    writeFileSync(join(dir, 'queries.jsonl'), [{ _id: 'q1', text: 'aspirin prevents heart attack' }, { _id: 'q2', text: 'vitamin D bone strength' }].map((q) => JSON.stringify(q)).join('\n'));
    mkdirSync(join(dir, 'qrels'));
    writeFileSync(join(dir, 'qrels', 'test.tsv'), 'query-id\tcorpus-id\tscore\nq1\td1\t1\nq2\td2\t1\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('prints nDCG@10 and Recall@100 and writes a TREC run file', async () => {
    const run = join(dir, 'run.txt');
    const r = await cli(['eval', dir, '--mode', 'keyword', '--run', run]);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, 'nDCG@10 1.0000\nRecall@100 1.0000\n');
    const lines = readFileSync(run, 'utf8').trim().split('\n');
    assert.match(lines[0], /^q1 Q0 d1 1 \d+\.\d{6} paperboy-keyword$/);
  });

  it('runs every mode with --mode all', async () => {
    const r = await cli(['eval', dir, '--mode', 'all']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^keyword  nDCG@10 1\.0000\nkeyword  Recall@100 1\.0000\nsemantic nDCG@10 \d\.\d{4}\n/);
    assert.match(r.out, /hybrid   nDCG@10 1\.0000/);
  });

  it('explains a directory that is not BEIR, and a bad split or mode', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'paperboy-empty-'));
    try {
      assert.match((await cli(['eval', empty])).err, /no qrels\/test.tsv|no corpus/);
      assert.match((await cli(['eval', dir, '--split', 'dev'])).err, /no qrels\/dev.tsv/);
      const bad = await cli(['eval', dir, '--mode', 'magic']);
      assert.equal(bad.code, 2);
      assert.match(bad.err, /--mode must be/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
