// The heart of keyword search: the k best documents over a query's posting lists by BM25 with
// MaxScore pruning (see KeywordIndex.search, which turns a parsed query into these terms).
import { TopK } from './top-k.ts';
import type { DocPredicate } from './doc-table.ts';
import { contains, gallop } from './postings.ts';

/** Doc numbers per scoring window: the accumulator (32 kB) and its hit bitmap stay in L1/L2 cache. */
export const WINDOW = 4096;
export const HIT_WORDS = WINDOW >>> 5;

/** The segment's postings and norms, and the scratch the windows score into (all zero between searches). */
export interface ScoringArrays {
  docs: Int32Array;
  tfs: Uint8Array;
  /** Per document: k1·(1 − b + b·len/avgLen). */
  norm: Float32Array;
  acc: Float64Array;
  hit: Uint32Array;
  /** A window's surviving candidates (offsets in the window, ascending); WINDOW long. */
  cands: Int32Array;
}

/**
 * A non-essential term walks its postings in the window rather than galloping to each survivor
 * when it has at most this many postings there per survivor: a walk step is a few loads and an
 * add without a branch, a gallop several dependent loads and a call. (4, 16 and 64 measured
 * within 6% of each other at a million papers, 4 best.)
 */
const WALK_RATIO = 4;

/** One query term: its postings [start, end), weight qtf·idf·(k1 + 1), and score upper bound. */
export interface QueryTerm {
  start: number;
  end: number;
  w: number;
  ub: number;
}

/**
 * Terms are ordered by their score upper bound, and once the k-th best score exceeds the sum of
 * the smallest bounds, those terms ("non-essential") only refine candidates found through the
 * others. The essential terms are scored in windows of WINDOW doc numbers into an accumulator
 * (term at a time inside a window). The window's candidates are then refined term at a time too,
 * highest bound first: before each non-essential term, candidates that cannot beat the k-th best
 * score even with every term left are dropped, and the term adds to the survivors. The sums are
 * made in the same order as a candidate-at-a-time refinement would (essential terms by ascending
 * bound, then non-essential by descending bound), so scores are the same to the bit. The result
 * is exactly the exhaustive top k. `required` and `excluded` posting ranges filter candidates
 * (and advance).
 */
export function maxScoreTopK(
  postings: ScoringArrays,
  terms: QueryTerm[],
  required: [number, number][],
  excluded: [number, number][],
  k: number,
  accept: DocPredicate,
): { doc: number; score: number }[] {
  terms.sort((a, b) => a.ub - b.ub);
  const n = terms.length;
  const pos = Int32Array.from(terms, (t) => t.start);
  const end = Int32Array.from(terms, (t) => t.end);
  const w = Float64Array.from(terms, (t) => t.w);
  // cum[i]: the most terms 0..i can add to any document.
  const cum = new Float64Array(n);
  for (let i = 0; i < n; i++) cum[i] = (i ? cum[i - 1] : 0) + terms[i].ub;
  const { docs, tfs, norm, acc, hit, cands } = postings;
  const top = new TopK(k);
  let firstEssential = 0;
  let theta = -Infinity;
  for (;;) {
    // The next window starts at the smallest document any essential term still has.
    let start = 0x7fffffff;
    for (let i = firstEssential; i < n; i++) if (pos[i] < end[i] && docs[pos[i]] < start) start = docs[pos[i]];
    if (start === 0x7fffffff) break;
    const stop = start + WINDOW;
    // The partition stays fixed inside a window: acc holds exactly the terms essential at its start.
    const first = firstEssential;
    for (let i = first; i < n; i++) {
      const e = end[i];
      const wi = w[i];
      let p = pos[i];
      for (; p < e; p++) {
        const d = docs[p];
        if (d >= stop) break;
        const tf = tfs[p];
        const j = d - start;
        acc[j] += (wi * tf) / (tf + norm[d]);
        hit[j >>> 5] |= 1 << (j & 31);
      }
      pos[i] = p;
    }
    // The candidates in doc order (bit scan), less those that cannot beat theta with every
    // non-essential term and those the filter rejects. The bitmap is left clear.
    let alive = 0;
    let dirty = false;
    const all = first > 0 ? cum[first - 1] : 0;
    for (let word = 0; word < HIT_WORDS; word++) {
      let bits = hit[word];
      if (bits === 0) continue;
      hit[word] = 0;
      while (bits !== 0) {
        const low = bits & -bits;
        bits ^= low;
        const j = (word << 5) | (31 - Math.clz32(low));
        if (acc[j] + all <= theta || !accept(start + j)) acc[j] = 0;
        else cands[alive++] = j;
      }
    }
    for (let i = first - 1; i >= 0 && alive > 0; i--) {
      const e = end[i];
      const wi = w[i];
      // Non-essential cursors lag behind: they move only here.
      let p = pos[i];
      if (p < e && docs[p] < start) p = gallop(docs, p, e, start);
      const q = gallop(docs, p, e, stop);
      if (q - p <= alive * WALK_RATIO) {
        // Adds to every slot, survivor or not: only survivors' slots are read, and the window's
        // accumulator is cleared whole at its end. Testing the hit bitmap first made the scan's
        // p95 at a million papers 24.6 ms against 19.0: the test mispredicts about as often as it skips.
        dirty = true;
        for (; p < q; p++) {
          const d = docs[p];
          const tf = tfs[p];
          acc[d - start] += (wi * tf) / (tf + norm[d]);
        }
      } else {
        for (let a = 0; a < alive && p < q; a++) {
          const cand = start + cands[a];
          if (docs[p] < cand) p = gallop(docs, p, q, cand);
          if (p < q && docs[p] === cand) {
            const tf = tfs[p];
            acc[cands[a]] += (wi * tf) / (tf + norm[cand]);
          }
        }
      }
      pos[i] = q;
      // Keep what can still beat theta with the terms below this one.
      const rest = i > 0 ? cum[i - 1] : 0;
      let kept = 0;
      for (let a = 0; a < alive; a++) {
        const j = cands[a];
        if (acc[j] + rest <= theta) acc[j] = 0;
        else cands[kept++] = j;
      }
      alive = kept;
    }
    // theta rises as the window's survivors enter the top k (a stale theta only prunes less).
    for (let a = 0; a < alive; a++) {
      const j = cands[a];
      const score = acc[j];
      if (!dirty) acc[j] = 0;
      if (score <= theta) continue;
      const cand = start + j;
      // Plain loops, not every()/some() with an arrow: an arrow reading `cand` made V8 keep
      // `cand` in a context object allocated for every candidate, hundreds of thousands a query
      // (the keyword side of hybrid took 12% longer at a million papers).
      if (required.length !== 0 && !containsAll(docs, required, cand)) continue;
      if (excluded.length !== 0 && containsSome(docs, excluded, cand)) continue;
      top.push(score, cand);
      const next = top.threshold();
      if (next > theta) {
        theta = next;
        while (firstEssential < n && cum[firstEssential] <= theta) firstEssential++;
      }
    }
    if (dirty) acc.fill(0);
  }
  return top.sorted();
}

/** Does every range hold doc? (Each range's start advances: candidates come in ascending order.) */
function containsAll(docs: Int32Array, ranges: [number, number][], doc: number): boolean {
  for (let i = 0; i < ranges.length; i++) if (!contains(docs, ranges[i], doc)) return false;
  return true;
}

/** Does any range hold doc? (Each range's start advances, as in containsAll.) */
function containsSome(docs: Int32Array, ranges: [number, number][], doc: number): boolean {
  for (let i = 0; i < ranges.length; i++) if (contains(docs, ranges[i], doc)) return true;
  return false;
}
