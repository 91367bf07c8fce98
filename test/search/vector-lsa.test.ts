// The built-in LSA embedder and the vector index (exact and IVF).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { trainLsa, LsaEmbedder } from '../../src/search/lsa.ts';
import { VectorIndex, permuteInPlace } from '../../src/search/vector-index.ts';
import { seededRandom, gaussianMatrix, symmetricEigen } from '../../src/search/linalg.ts';
import { terms } from '../../src/search/tokenize.ts';
import { deserializeLsaModel, serializeLsaModel } from '../../src/search/embedder.ts';

const cos = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i], 0);

describe('LSA embedder', () => {
  // Two topics whose words co-occur only within their topic.
  const docs = [
    'neural network training gradient', 'network gradient descent optimizer', 'training optimizer learning rate', 'neural learning rate gradient',
    'protein folding structure', 'protein amino acid structure', 'folding amino acid chain', 'structure chain protein folding',
  ].map(terms);
  const model = trainLsa(docs, { dim: 2, minDf: 2, oversample: 4 });
  const lsa = new LsaEmbedder(model);

  it('puts words that share contexts close, and other topics far', () => {
    const [a, b, c] = [lsa.embedTerms(terms('optimizer')), lsa.embedTerms(terms('gradient descent')), lsa.embedTerms(terms('protein'))];
    assert.ok(cos(a, b) > 0.9, `same topic ${cos(a, b)}`);
    assert.ok(cos(a, c) < 0.3, `other topic ${cos(a, c)}`);
  });

  it('embeds text with no known word as the zero vector', () => {
    assert.ok(lsa.embedTerms(terms('zebra xylophone')).every((x) => x === 0));
  });

  it('survives a round trip through its stored form', () => {
    const back = deserializeLsaModel(serializeLsaModel(model, 8))!;
    assert.equal(back.trainedDocs, 8);
    assert.deepEqual(back.model.vocab, model.vocab);
    assert.deepEqual([...back.model.termVectors], [...model.termVectors]);
    assert.equal(deserializeLsaModel(['{"format":99}']), null);
  });

  it('finds eigenpairs of a symmetric matrix', () => {
    const m = Float64Array.from([4, 1, 0, 1, 3, 0, 0, 0, 1]);
    const { values, vectors } = symmetricEigen(m, 3);
    for (let k = 0; k < 3; k++) {
      for (let i = 0; i < 3; i++) {
        let mv = 0;
        for (let j = 0; j < 3; j++) mv += m[i * 3 + j] * vectors[j * 3 + k];
        assert.ok(Math.abs(mv - values[k] * vectors[i * 3 + k]) < 1e-9);
      }
    }
    assert.ok(values[0] >= values[1] && values[1] >= values[2]);
  });
});

describe('vector index', () => {
  const dim = 16;
  const rand = seededRandom(3);
  const unit = () => {
    const v = Float32Array.from(gaussianMatrix(dim, rand));
    const n = Math.hypot(...v);
    return v.map((x) => x / n);
  };
  const vecs = Array.from({ length: 4000 }, unit);

  it('exact search returns the true nearest neighbours', () => {
    const idx = new VectorIndex(dim, { ivfThreshold: 1e9, probeShare: 1 });
    vecs.forEach((v, i) => idx.set(i, v));
    const q = vecs[17];
    const hits = idx.search(q, 5, () => true);
    assert.equal(hits[0].doc, 17);
    const truth = vecs.map((v, i) => ({ i, s: cos(v, q) })).sort((a, b) => b.s - a.s).slice(0, 5).map((x) => x.i);
    assert.deepEqual(hits.map((h) => h.doc), truth);
  });

  it('search among given documents: their exact top k, whatever their order, gaps and repeats', () => {
    const idx = new VectorIndex(dim, { ivfThreshold: 1e9, probeShare: 1 });
    vecs.forEach((v, i) => idx.set(i, v));
    // A run of 1500 consecutive documents (longer than one SIMD block), scattered ones, repeats,
    // and one without a vector; listed out of order.
    const among = [...Array.from({ length: 1500 }, (_, i) => 2000 + i), ...Array.from({ length: 300 }, (_, i) => i * 6 + 1), 2100, 7, 99_999].reverse();
    const wanted = new Set(among);
    const q = vecs[2500];
    const accept = (d: number) => d !== 2500;
    const truth = vecs
      .map((v, i) => ({ i, s: cos(v, q) }))
      .filter((x) => wanted.has(x.i) && accept(x.i))
      .sort((a, b) => b.s - a.s)
      .slice(0, 40)
      .map((x) => x.i);
    const got = idx.searchAmong(q, among, 40, accept).map((h) => h.doc);
    assert.deepEqual(got, truth);
    assert.equal(new Set(got).size, got.length, 'each document once');
    assert.deepEqual(idx.searchAmong(q, [], 5, () => true), []);
  });

  it('IVF keeps most true neighbours, takes incremental adds, and filters', () => {
    const idx = new VectorIndex(dim, { ivfThreshold: 1000, probeShare: 0.25 });
    vecs.forEach((v, i) => idx.set(i, v));
    idx.maybeTrain();
    assert.ok(idx.listCount > 16);
    let found = 0;
    for (let qi = 0; qi < 50; qi++) {
      const q = vecs[qi * 7];
      const truth = new Set(vecs.map((v, i) => ({ i, s: cos(v, q) })).sort((a, b) => b.s - a.s).slice(0, 10).map((x) => x.i));
      found += idx.search(q, 10, () => true).filter((h) => truth.has(h.doc)).length;
    }
    assert.ok(found / 500 > 0.8, `recall@10 ${found / 500}`);
    const late = unit();
    idx.set(5000, late);
    assert.equal(idx.search(late, 1, () => true)[0].doc, 5000);
    assert.ok(idx.search(late, 10, (d) => d % 2 === 1).every((h) => h.doc % 2 === 1));
  });
});

describe('vector index storage', () => {
  const dim = 6;
  const rand = seededRandom(11);
  const unit = () => {
    const v = Float32Array.from(gaussianMatrix(dim, rand));
    const n = Math.hypot(...v);
    return v.map((x) => x / n);
  };

  const perms: [string, number[]][] = [
    ['identity', [0, 1, 2, 3]],
    ['one cycle', [1, 2, 3, 0]],
    ['two swaps', [1, 0, 3, 2]],
    ['cycle and fixed points', [0, 3, 2, 4, 1]],
    ['reversal', [6, 5, 4, 3, 2, 1, 0]],
  ];
  for (const [name, dest] of perms) {
    it(`permutes slots in place: ${name}`, () => {
      const n = dest.length;
      const data = Float32Array.from({ length: n * 2 }, (_, i) => i);
      const docs = Int32Array.from({ length: n }, (_, i) => 100 + i);
      permuteInPlace(data, docs, 2, Int32Array.from(dest));
      for (let s = 0; s < n; s++) {
        assert.equal(docs[dest[s]], 100 + s);
        assert.deepEqual([...data.subarray(dest[s] * 2, dest[s] * 2 + 2)], [2 * s, 2 * s + 1]);
      }
    });
  }

  it('returns every stored vector unchanged after training moved it, and keeps adds and overwrites', () => {
    const idx = new VectorIndex(dim, { ivfThreshold: 500, probeShare: 0.1 });
    const vecs = new Map<number, Float32Array>();
    for (let i = 0; i < 1500; i++) {
      const doc = i * 3 + 1; // sparse doc numbers
      vecs.set(doc, unit());
      idx.set(doc, vecs.get(doc)!);
    }
    idx.maybeTrain();
    assert.ok(idx.listCount >= 16);
    vecs.set(7, unit());
    idx.set(7, vecs.get(7)!); // overwrite after training
    vecs.set(9000, unit());
    idx.set(9000, vecs.get(9000)!); // a late add
    assert.equal(idx.size, 1501);
    for (const [doc, v] of vecs) {
      assert.deepEqual([...idx.get(doc)!], [...v], `doc ${doc}`);
      assert.ok(Math.abs(idx.score(v, doc) - 1) < 1e-5);
    }
    assert.equal(idx.get(2), null);
    assert.equal(idx.score(vecs.get(7)!, 2), 0);
    assert.equal(idx.search(vecs.get(7)!, 1, () => true)[0].doc, 7);
  });

  it('IVF recall against exact search on a fixed clustered corpus', () => {
    // 40 topics, 100 noisy members each: the shape of real embeddings better than uniform noise.
    const centres = Array.from({ length: 40 }, unit);
    const exact = new VectorIndex(dim, { ivfThreshold: 1e9, probeShare: 1 });
    const ivf = new VectorIndex(dim, { ivfThreshold: 1000, probeShare: 0.2 });
    for (let i = 0; i < 4000; i++) {
      const c = centres[i % 40];
      const v = c.map((x) => x + 0.4 * (rand() - 0.5));
      const n = Math.hypot(...v);
      const u = v.map((x) => x / n);
      exact.set(i, u);
      ivf.set(i, u);
    }
    ivf.maybeTrain();
    let r10 = 0;
    let r100 = 0;
    for (let q = 0; q < 40; q++) {
      const qv = unit();
      const truth = exact.search(qv, 100, () => true).map((h) => h.doc);
      const got = ivf.search(qv, 100, () => true).map((h) => h.doc);
      r10 += got.slice(0, 10).filter((d) => truth.slice(0, 10).includes(d)).length / 10;
      r100 += got.filter((d) => truth.includes(d)).length / 100;
    }
    assert.ok(r10 / 40 >= 0.9, `recall@10 ${r10 / 40}`);
    assert.ok(r100 / 40 >= 0.85, `recall@100 ${r100 / 40}`);
    // Probing every list is an exact search; a probe scale shrinks the probe count, never below 8.
    const qv = unit();
    assert.deepEqual(ivf.search(qv, 50, () => true, Infinity), exact.search(qv, 50, () => true));
    assert.deepEqual(ivf.searchExact(qv, 50, () => true), exact.search(qv, 50, () => true));
    const lists = ivf.listCount;
    for (const [scale, want] of [[1, Math.max(8, Math.ceil(lists * 0.2))], [0.5, Math.max(8, Math.ceil(lists * 0.1))], [0.01, 8], [Infinity, lists]] as const) {
      assert.equal(ivf.probeCount(scale), Math.min(lists, want), `scale ${scale}`);
    }
  });
});

describe('Gram matrix', () => {
  // Row counts around the 4-row unrolling, and a matrix with zero rows and columns.
  const shapes: [number, number, number][] = [[1, 3, 0], [3, 5, 0], [4, 4, 0], [7, 6, 0.3], [13, 9, 0.5], [64, 12, 0]];
  for (const [rows, cols, zeroShare] of shapes) {
    it(`MᵀM upper triangle for ${rows}×${cols}${zeroShare ? `, ${zeroShare * 100}% zeros` : ''}`, async () => {
      const { gramUpper } = await import('../../src/search/linalg.ts');
      const rand = seededRandom(rows * 100 + cols);
      const m = gaussianMatrix(rows * cols, rand).map((x) => (rand() < zeroShare ? 0 : x));
      const g = gramUpper(m, rows, cols);
      for (let i = 0; i < cols; i++) {
        for (let j = 0; j < cols; j++) {
          let want = 0;
          if (j >= i) for (let r = 0; r < rows; r++) want += m[r * cols + i] * m[r * cols + j];
          assert.ok(Math.abs(g[i * cols + j] - want) < 1e-9, `${i},${j}: ${g[i * cols + j]} vs ${want}`);
        }
      }
    });
  }
});

describe('Cholesky QR', () => {
  it('orthonormalises the columns of a tall matrix', async () => {
    const { cholQr } = await import('../../src/search/linalg.ts');
    const rows = 200;
    const cols = 12;
    const m = gaussianMatrix(rows * cols, seededRandom(9));
    cholQr(m, rows, cols);
    for (let i = 0; i < cols; i++) {
      for (let j = 0; j < cols; j++) {
        let d = 0;
        for (let r = 0; r < rows; r++) d += m[r * cols + i] * m[r * cols + j];
        assert.ok(Math.abs(d - (i === j ? 1 : 0)) < 1e-9, `${i},${j}: ${d}`);
      }
    }
  });
});
