// The document-at-a-time top k for queries with required words gives the windowed MaxScore scan's answer.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { requiredIsCheaper, requiredTopK } from '../../src/search/required-top-k.ts';
import { maxScoreTopK, WINDOW, HIT_WORDS, type QueryTerm } from '../../src/search/maxscore-top-k.ts';
import { seededRandom } from '../../src/search/linalg.ts';

/** Random postings for `lists` terms over `docs` documents, each term in a fraction `density[i]` of them. */
function corpus(seed: number, docs: number, density: number[]) {
  const rand = seededRandom(seed);
  const all: number[] = [];
  const tfs: number[] = [];
  const ranges: [number, number][] = [];
  for (const p of density) {
    const a = all.length;
    for (let d = 0; d < docs; d++) if (rand() < p) {
      all.push(d);
      tfs.push(1 + Math.floor(rand() * 3));
    }
    ranges.push([a, all.length]);
  }
  const norm = Float32Array.from({ length: docs }, () => 0.5 + rand());
  return { docs: Int32Array.from(all), tfs: Uint8Array.from(tfs), norm, ranges };
}

describe('required-word top k', () => {
  const cases: { name: string; density: number[]; must: number[]; not: number[]; k: number; unscored?: number[]; disjoint?: boolean }[] = [
    { name: 'one rare required word among common ones', density: [0.02, 0.5, 0.6, 0.4], must: [0], not: [], k: 10 },
    { name: 'two required words and an excluded one', density: [0.05, 0.1, 0.7, 0.6, 0.3], must: [0, 1], not: [4], k: 8 },
    { name: 'a required word that is not scored itself', density: [0.03, 0.5, 0.5], must: [0], not: [], k: 5, unscored: [0] },
    { name: 'more results wanted than there are', density: [0.001, 0.5], must: [0], not: [], k: 50 },
    { name: 'required words that never meet', density: [0.01, 0.01, 0.5], must: [0, 1], not: [], k: 10, disjoint: true },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const docCount = 3 * WINDOW + 17;
      const p = corpus(c.name.length, docCount, c.density);
      if (c.disjoint) {
        // Keep term 0 on even documents and term 1 on odd ones only.
        for (const [t, parity] of [[0, 0], [1, 1]]) for (let q = p.ranges[t][0]; q < p.ranges[t][1]; q++) p.docs[q] = (p.docs[q] & ~1) | parity;
      }
      const terms = (): QueryTerm[] => p.ranges.flatMap(([start, end], i) => (c.unscored?.includes(i) || c.not.includes(i) ? [] : [{ start, end, w: 1 + i, ub: 1 + i }]));
      const ranges = (idx: number[]) => idx.map((i) => [...p.ranges[i]] as [number, number]);
      const accept = (d: number) => d % 7 !== 3;
      const want = maxScoreTopK({ ...p, acc: new Float64Array(WINDOW), hit: new Uint32Array(HIT_WORDS), cands: new Int32Array(WINDOW) }, terms(), ranges(c.must), ranges(c.not), c.k, accept);
      const got = requiredTopK(p, terms(), ranges(c.must), ranges(c.not), c.k, accept);
      assert.deepEqual(got.map((h) => h.doc), want.map((h) => h.doc));
      got.forEach((h, i) => assert.ok(Math.abs(h.score - want[i].score) < 1e-9));
      if (c.disjoint) assert.equal(got.length, 0);
    });
  }

  it('is chosen only when the shortest required list is much shorter than the scan', () => {
    const t = (n: number): QueryTerm => ({ start: 0, end: n, w: 1, ub: 1 });
    assert.equal(requiredIsCheaper([], [t(1_000_000)]), false);
    assert.equal(requiredIsCheaper([[0, 1000]], [t(200_000), t(300_000)]), true);
    assert.equal(requiredIsCheaper([[0, 100_000]], [t(100_000), t(50_000)]), false);
  });
});
