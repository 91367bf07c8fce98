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
    top: (q, k, accept) => vecs.map((_, d) => ({ doc: d, score: dot(q, d) })).filter((h) => accept(h.doc)).sort((a, b) => b.score - a.score).slice(0, k),
  };
}

const all = Array.from({ length: 31 }, (_, d) => d);
const nothing = { boosts: new Map(), trending: new Map() };

test('logistic regression separates what was liked from the rest', () => {
  const rows = [new Float32Array([1, 0]), new Float32Array([0.9, 0.1]), new Float32Array([0, 1]), new Float32Array([0.1, 0.9])];
  const m = trainLogistic({ dim: 2, rows, labels: Uint8Array.from([1, 1, 0, 0]), weights: Float32Array.from([1, 1, 1, 1]) }, { l2: 0.001, iterations: 200 });
  assert.ok(m.weights[0]! > 0.5 && m.weights[1]! < -0.5, `weights ${m.weights}`);
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
