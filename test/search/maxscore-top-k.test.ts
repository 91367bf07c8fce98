// The windowed MaxScore top k equals a plain BM25 scan of every document, on random postings over
// many windows: ties, filters, required and excluded terms, k from 1 to more than there are.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { maxScoreTopK, WINDOW, HIT_WORDS, type QueryTerm } from '../../src/search/maxscore-top-k.ts';
import { seededRandom } from '../../src/search/linalg.ts';

interface Postings {
  docs: Int32Array;
  tfs: Uint8Array;
  norm: Float32Array;
  ranges: [number, number][];
}

/**
 * Random postings for one term per density over `count` documents. With `dyadic`, norms are 1 or 3
 * and tfs 1 or 3, so every term's share is a multiple of 1/4 and sums are exact in any order:
 * equal scores are exactly equal and only the document number may break the tie.
 */
function corpus(seed: number, count: number, density: number[], dyadic: boolean): Postings {
  const rand = seededRandom(seed);
  const docs: number[] = [];
  const tfs: number[] = [];
  const ranges: [number, number][] = [];
  for (const p of density) {
    const a = docs.length;
    for (let d = 0; d < count; d++) {
      if (rand() >= p) continue;
      docs.push(d);
      tfs.push(dyadic ? (rand() < 0.7 ? 1 : 3) : 1 + Math.floor(rand() ** 3 * 12));
    }
    ranges.push([a, docs.length]);
  }
  const norm = Float32Array.from({ length: count }, () => (dyadic ? (rand() < 0.5 ? 1 : 3) : 0.3 + 1.5 * rand()));
  return { docs: Int32Array.from(docs), tfs: Uint8Array.from(tfs), norm, ranges };
}

/** Query terms for the given lists, weight 1 + list number; bounds exact, or loose (the weight itself). */
function queryTerms(p: Postings, lists: number[], loose: boolean): QueryTerm[] {
  return lists.map((i) => {
    const [start, end] = p.ranges[i];
    const w = 1 + i;
    let best = 0;
    for (let q = start; q < end; q++) best = Math.max(best, p.tfs[q] / (p.tfs[q] + p.norm[p.docs[q]]));
    return { start, end, w, ub: loose ? w : w * best };
  });
}

/** Every document scored, best first, ties to the lower document number. */
function exhaustive(p: Postings, terms: QueryTerm[], must: number[], not: number[], k: number, accept: (d: number) => boolean) {
  const members = (i: number) => new Set(p.docs.subarray(p.ranges[i][0], p.ranges[i][1]));
  const mustSets = must.map(members);
  const notSets = not.map(members);
  const scores = new Map<number, number>();
  for (const t of terms) {
    for (let q = t.start; q < t.end; q++) {
      const d = p.docs[q];
      const tf = p.tfs[q];
      scores.set(d, (scores.get(d) ?? 0) + (t.w * tf) / (tf + p.norm[d]));
    }
  }
  return [...scores]
    .filter(([d]) => accept(d) && mustSets.every((m) => m.has(d)) && notSets.every((m) => !m.has(d)))
    .map(([doc, score]) => ({ doc, score }))
    .sort((a, b) => b.score - a.score || a.doc - b.doc)
    .slice(0, k);
}

const scratch = () => ({ acc: new Float64Array(WINDOW), hit: new Uint32Array(HIT_WORDS), cands: new Int32Array(WINDOW) });

describe('windowed MaxScore top k', () => {
  const count = 5 * WINDOW + 123;
  // Rare terms (a few per window) and common ones (most documents), so the partition moves.
  const density = [0.9, 0.7, 0.5, 0.3, 0.1, 0.02, 0.004, 0.001];
  const filters: [string, (d: number) => boolean][] = [
    ['no filter', () => true],
    ['a third of the documents', (d) => d % 3 === 1],
    ['one window only', (d) => d >= 2 * WINDOW && d < 3 * WINDOW],
    ['nothing', () => false],
  ];
  const shapes: { name: string; lists: number[]; must: number[]; not: number[] }[] = [
    { name: 'all terms', lists: [0, 1, 2, 3, 4, 5, 6, 7], must: [], not: [] },
    { name: 'common terms only', lists: [0, 1, 2], must: [], not: [] },
    { name: 'one rare term', lists: [6], must: [], not: [] },
    { name: 'a required scored term and an excluded one', lists: [0, 1, 2, 4, 5], must: [4], not: [3] },
    { name: 'a required unscored term', lists: [0, 2, 5, 6], must: [3], not: [] },
  ];
  for (const dyadic of [true, false]) {
    const p = corpus(dyadic ? 5 : 6, count, density, dyadic);
    for (const loose of [false, true]) {
      for (const shape of shapes) {
        it(`${dyadic ? 'exact ties' : 'random norms'}, ${loose ? 'loose' : 'exact'} bounds: ${shape.name}`, () => {
          for (const [fname, accept] of filters) {
            for (const k of [1, 7, 50, 1000, count]) {
              const terms = queryTerms(p, shape.lists, loose);
              const want = exhaustive(p, terms, shape.must, shape.not, k, accept);
              const ranges = (idx: number[]) => idx.map((i) => [...p.ranges[i]] as [number, number]);
              const got = maxScoreTopK({ ...p, ...scratch() }, terms.map((t) => ({ ...t })), ranges(shape.must), ranges(shape.not), k, accept);
              const what = `${fname}, k ${k}`;
              if (dyadic) {
                // Sums are exact: the same documents in the same order, ties to the older one.
                assert.deepEqual(got, want, what);
              } else {
                assert.equal(got.length, want.length, what);
                got.forEach((h, i) => {
                  assert.ok(Math.abs(h.score - want[i].score) < 1e-9, `${what}, rank ${i}: ${h.score} vs ${want[i].score}`);
                  if (h.doc !== want[i].doc) assert.ok(Math.abs(h.score - want[i].score) < 1e-12 * h.score, `${what}, rank ${i}: doc ${h.doc} vs ${want[i].doc}`);
                });
              }
            }
          }
        });
      }
    }
  }

  it('leaves its scratch clean: the same search twice gives the same answer', () => {
    const p = corpus(9, count, density, false);
    const s = scratch();
    const terms = () => queryTerms(p, [0, 1, 2, 3, 4, 5], false);
    const first = maxScoreTopK({ ...p, ...s }, terms(), [], [], 20, () => true);
    assert.ok(s.acc.every((x) => x === 0) && s.hit.every((x) => x === 0));
    assert.deepEqual(maxScoreTopK({ ...p, ...s }, terms(), [], [], 20, () => true), first);
  });
});
