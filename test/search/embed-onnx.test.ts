// The ONNX embedder on a tiny model the test writes itself (no download): tokenizing, pooling, search.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { openOnnxEmbedder } from '../../src/search/embed-onnx.ts';
import { WordPieceTokenizer } from '../../src/search/wordpiece.ts';
import { createSearchService } from '../../src/search/service.ts';
import { sqliteTestDatabase } from '../helpers/db.ts';
import { upsertPapers } from '../../src/store/papers.ts';
import { CORPUS } from '../helpers/search-corpus.ts';
import { tinyEmbeddingModel } from '../helpers/tiny-onnx.ts';

let hasOrt = true;
try {
  createRequire(import.meta.url).resolve('onnxruntime-node');
} catch {
  hasOrt = false;
}
const skip = hasOrt ? false : 'onnxruntime-node is not installed (optional dependency)';

const VOCAB = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', 'graph', 'diffusion', 'robot', 'image', '##s', 'model', 'neural'];
const DIM = 4;
/** Row per token: graph-ish words along axis 0, image-ish along 1, robots along 2; specials near zero. */
const ROWS: Record<string, number[]> = {
  '[PAD]': [0, 0, 0, 0], '[UNK]': [0, 0, 0, 1], '[CLS]': [0, 0, 0, 0.01], '[SEP]': [0, 0, 0, 0.01],
  graph: [1, 0, 0, 0], neural: [0.8, 0.2, 0, 0], diffusion: [0, 1, 0, 0], image: [0, 0.9, 0.1, 0],
  robot: [0, 0, 1, 0], '##s': [0.1, 0.1, 0.1, 0], model: [0.3, 0.3, 0.3, 0],
};

describe('ONNX embedder', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'paperboy-onnx-'));
    const table = new Float32Array(VOCAB.flatMap((t) => ROWS[t]));
    writeFileSync(join(dir, 'model.onnx'), tinyEmbeddingModel(table, VOCAB.length, DIM));
    writeFileSync(join(dir, 'vocab.txt'), VOCAB.join('\n') + '\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('tokenizes WordPiece style with [CLS]/[SEP] and ## continuations', () => {
    const tok = new WordPieceTokenizer(VOCAB);
    assert.deepEqual(tok.encode('Graphs robot zzz', 16), [2, 4, 8, 6, 1, 3]);
    assert.deepEqual(tok.encode('graph graph graph', 4), [2, 4, 4, 3], 'cut to the budget');
  });

  it('mean-pools token vectors of the real tokens into unit vectors', { skip }, async () => {
    const e = await openOnnxEmbedder(dir);
    assert.equal(e.dim, DIM);
    const [g, r, both] = await e.embed(['graph', 'robots', 'graph robot']);
    // [CLS] graph [SEP] → (0,0,0,0.01)+(1,0,0,0)+(0,0,0,0.01) / 3, normalised.
    assert.ok(g[0] > 0.999 && Math.abs(g[1]) < 1e-6);
    assert.ok(r[2] > 0.98, 'robot + ##s');
    assert.ok(Math.abs(both[0] - both[2]) < 1e-3 && both[0] > 0.7);
    assert.ok(Math.abs(Math.hypot(...both) - 1) < 1e-5);
  });

  it('runs a batch of unequal lengths the same as one at a time', { skip }, async () => {
    const e = await openOnnxEmbedder(dir);
    const batch = await e.embed(['diffusion image model', 'robot']);
    const one = await e.embed(['robot']);
    assert.deepEqual([...batch[1]].map((x) => x.toFixed(5)), [...one[0]].map((x) => x.toFixed(5)));
  });

  it('explains a missing model directory', async () => {
    await assert.rejects(openOnnxEmbedder(join(dir, 'nope')), /model.onnx not found/);
  });

  it('drives semantic search when EMBED_MODEL_DIR is set', { skip }, async () => {
    const t = await sqliteTestDatabase().open();
    try {
      await upsertPapers(t.db, CORPUS);
      const search = createSearchService(t.db, { embedder: await openOnnxEmbedder(dir), refreshMs: -1 });
      const r = await search.search({ q: 'robot', mode: 'semantic', limit: 1 });
      assert.equal(r.hits[0].id, '2404.00008');
    } finally {
      await t.close();
    }
  });
});
