// The ranker on hand-made vectors: the model learns a direction, exclusions and rejections hold, reasons name their source.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { trainLogistic } from '../../src/foryou/linear-model.ts';
import { DEFAULT_RANK, profileTerms, rankForYou, trainTaste, type TermSource, type VectorSource } from '../../src/foryou/rank-for-you.ts';

/**
 * Unit vectors in 4 dimensions: docs 0–9 along x, 10–19 along y, 20–29 along z, each tilted by a
 * fourth coordinate from −1.35 to 1.35 (so neighbours are close, far ends of a cluster are not);
 * doc 30 is a copy of doc 5.
 */
function space(): VectorSource {
  const vecs: Float32Array[] = [];
  for (let d = 0; d < 31; d++) {
    const base = d === 30 ? 5 : d;
    const v = new Float32Array(4);
    v[Math.floor(base / 10)] = 1;
    v[3] = ((base % 10) - 4.5) * 0.3;
    const n = Math.hypot(...v);
    vecs.push(v.map((x) => x / n));
  }
  const dot = (q: Float32Array, d: number) => q.reduce((s, x, i) => s + x * vecs[d]![i]!, 0);
  return {
    dim: 4,
    get: (d) => (vecs[d] ? Float32Array.from(vecs[d]!) : null),
    score: dot,
    top: (q, docs, k, accept) => Array.from(docs, (d) => ({ doc: d, score: dot(q, d) })).filter((h) => accept(h.doc)).sort((a, b) => b.score - a.score).slice(0, k),
  };
}

const all = Array.from({ length: 31 }, (_, d) => d);
const nothing = { boosts: new Map(), trending: new Map() };

test('logistic regression separates what was liked from the rest', () => {
  const rows = [new Float32Array([1, 0]), new Float32Array([0.9, 0.1]), new Float32Array([0, 1]), new Float32Array([0.1, 0.9])];
  const m = trainLogistic({ dim: 2, rows, labels: Uint8Array.from([1, 1, 0, 0]), weights: Float32Array.from([1, 1, 1, 1]) }, { l2: 0.001, iterations: 200 });
  assert.ok(m.weights[0]! > 0.5 && m.weights[1]! < -0.5, `weights ${m.weights}`);
});

/** The textbook loop in float64 (the trainer before it ran on the SIMD dot products), as a yardstick. */
function referenceLogistic(rows: Float32Array[], labels: number[], weights: number[], l2: number, iterations: number, dim: number) {
  const total = weights.reduce((a, b) => a + b, 0);
  let w = new Float64Array(dim);
  let prev = new Float64Array(dim);
  let bias = 0;
  let prevBias = 0;
  const step = 1 / (0.5 + l2);
  for (let it = 0; it < iterations; it++) {
    const m = it / (it + 3);
    const look = w.map((x, j) => x + m * (x - prev[j]!));
    const lookBias = bias + m * (bias - prevBias);
    const grad = look.map((x) => l2 * x);
    let gb = 0;
    rows.forEach((r, i) => {
      const z = lookBias + r.reduce((s, x, j) => s + x * look[j]!, 0);
      const g = (weights[i]! / total) * (1 / (1 + Math.exp(-z)) - labels[i]!);
      r.forEach((x, j) => (grad[j] += g * x));
      gb += g;
    });
    prev = w;
    prevBias = bias;
    w = look.map((x, j) => x - step * grad[j]!);
    bias = lookBias - step * gb;
  }
  return { weights: w, bias };
}

test('the trainer (SIMD dot products, padded rows) finds the same model as the plain float64 loop', () => {
  // 37 examples in 20 dimensions: neither a multiple of the 8-float padding.
  let s = 12345;
  const rand = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
  const dim = 20;
  const rows = Array.from({ length: 37 }, () => {
    const v = Float32Array.from({ length: dim }, rand);
    const n = Math.hypot(...v);
    return v.map((x) => x / n);
  });
  const labels = rows.map((r) => (r[0]! + 0.5 * r[1]! > 0 ? 1 : 0));
  const weights = rows.map((_, i) => (i % 3 === 0 ? 2 : 0.5));
  const want = referenceLogistic(rows, labels, weights, 0.005, 60, dim);
  const got = trainLogistic({ dim, rows, labels: Uint8Array.from(labels), weights: Float32Array.from(weights) }, { l2: 0.005, iterations: 60 });
  assert.equal(got.weights.length, dim);
  assert.ok(want.weights[0]! > 1, `the reference learned the direction: ${want.weights[0]}`);
  for (let j = 0; j < dim; j++) assert.ok(Math.abs(got.weights[j]! - want.weights[j]!) < 1e-4, `weight ${j}: ${got.weights[j]} vs ${want.weights[j]}`);
  assert.ok(Math.abs(got.bias - want.bias) < 1e-4, `bias ${got.bias} vs ${want.bias}`);
});

test('liked papers near x: the rest of x comes first, liked ones excluded, the reason names the collection', () => {
  const source = space();
  const liked = [1, 2, 3].map((doc) => ({ doc, weight: 1, source: 'your "X" collection' }));
  const signals = { liked, disliked: [], rejected: [], exclude: new Set([1, 2, 3]) };
  const taste = trainTaste(source, signals, all, 1);
  assert.ok(taste.model);
  const ranked = rankForYou({ source, taste, candidates: all, exclude: signals.exclude, ...nothing, limit: 5 });
  assert.equal(ranked.length, 5);
  assert.ok(ranked.every((r) => (r.doc < 10 || r.doc === 30) && ![1, 2, 3].includes(r.doc)), `got ${ranked.map((r) => r.doc)}`);
  assert.match(ranked[0]!.reasons[0]!, /^close to 3 papers in your "X" collection$/);
});

test('a rejected paper takes its copy with it; other papers of its kind stay', () => {
  const source = space();
  const liked = [2, 3, 7].map((doc) => ({ doc, weight: 1, source: 'papers you upvoted' }));
  const exclude = new Set([2, 3, 7]);
  const before = rankForYou({ source, taste: trainTaste(source, { liked, disliked: [], rejected: [], exclude }, all, 1), candidates: all, exclude, ...nothing, limit: 8 }).map((r) => r.doc);
  assert.ok(before.includes(5) && before.includes(30), `both suggested at first: ${before}`);
  const taste = trainTaste(source, { liked, disliked: [{ doc: 5, weight: 3 }], rejected: [5], exclude: new Set([...exclude, 5]) }, all, 1);
  const ids = rankForYou({ source, taste, candidates: all, exclude: new Set([...exclude, 5]), ...nothing, limit: 8 }).map((r) => r.doc);
  assert.ok(!ids.includes(5) && !ids.includes(30), `got ${ids}`);
  assert.ok(ids.includes(0) && ids.includes(9), `the far ends of the cluster stay: ${ids}`);
});

test('cold start: without enough likes only boosts and trending rank, each with its own reason', () => {
  const source = space();
  const taste = trainTaste(source, { liked: [{ doc: 1, weight: 1, source: 's' }], disliked: [], rejected: [], exclude: new Set([1]) }, all, 1, { ...DEFAULT_RANK, minLiked: 2 });
  assert.equal(taste.model, null);
  const ranked = rankForYou({
    source,
    taste,
    candidates: all,
    exclude: new Set([1]),
    boosts: new Map([[12, [{ score: 0.6, reason: 'by A, an author you follow' }]]]),
    trending: new Map([[25, { score: 1, reason: '+900 stars this week' }], [1, { score: 1, reason: 'excluded' }]]),
    limit: 10,
  });
  assert.deepEqual(ranked.map((r) => [r.doc, r.reasons.join(' · ')]), [[25, '+900 stars this week'], [12, 'by A, an author you follow']]);
});

test('profile terms: words the liked papers share, weighted by how many use them and how rare they are', () => {
  const idf: Record<string, number> = { diffus: 3, model: 0.2, mask: 2.5, robot: 3 };
  const terms: TermSource = { idf: (t) => idf[t] ?? 0, search: () => [] };
  const p = profileTerms([['diffus', 'model', 'mask'], ['diffus', 'model'], ['diffus', 'mask', 'robot'], ['model']], terms, 10);
  assert.deepEqual([...p.keys()], ['diffus', 'mask', 'model'], 'robot is in one paper only');
  assert.equal(p.get('diffus'), 3);
  assert.equal(p.get('model'), 1);
});
