// Vectors by document number: exact cosine scan when small, two-level IVF (k-means lists) once large.
import { Growable } from './growable.ts';
import { DOTS_BLOCK, VectorSlab } from './vector-slab.ts';
import { TopK } from './top-k.ts';
import { dotAt, seededRandom } from './linalg.ts';
import type { DocPredicate } from './doc-table.ts';
import type { ScoredDoc } from './keyword-index.ts';

export interface VectorIndexOptions {
  /** Below this many vectors every search is an exact scan. */
  ivfThreshold: number;
  /** Lists probed per query, as a share of all lists (at least 8). */
  probeShare: number;
  /** false: score with the JavaScript loop instead of WebAssembly SIMD (tests compare the two). */
  simd?: boolean;
}

// Exact up to 200k: the SIMD scan reads 60k vectors in ~1 ms (bench p50), so below that size IVF
// would trade recall (0.82@10 at 60k, 256 lists) for time nobody notices.
export const DEFAULT_VECTOR_OPTIONS: VectorIndexOptions = { ivfThreshold: 200_000, probeShare: 0.04 };

/**
 * Unit vectors (dot product = cosine). The IVF partition is learned once the index passes the
 * threshold and relearned when it has grown fourfold; new vectors join the nearest list at once,
 * so adds stay incremental.
 *
 * Vectors live in "slots" of one array. Training permutes the slots in place so that each list's
 * vectors are contiguous: a probe then streams through memory instead of jumping to a random
 * doc's vector (at 1M vectors, 512 MB, each jump is a cache and TLB miss, and cost half the scan
 * time). Vectors added after training sit in later slots, listed per list in `extra`.
 */
export class VectorIndex {
  /** Vector of slot s at [s·dim, (s+1)·dim), scanned by WebAssembly SIMD (see VectorSlab). */
  private readonly data: VectorSlab;
  /** Document → slot + 1 (0: no vector). */
  private readonly slotOf = new Growable(Int32Array);
  /** Slot → document. */
  private readonly docOf = new Growable(Int32Array, 1024);
  private centroids: Float32Array | null = null;
  /** List l's trained slots are [listStart[l], listStart[l + 1]). */
  private listStart = new Int32Array(1);
  private extra: Growable<Int32Array>[] = [];
  private trainedAt = 0;

  constructor(
    readonly dim: number,
    readonly options: VectorIndexOptions = DEFAULT_VECTOR_OPTIONS,
  ) {
    this.data = new VectorSlab(dim, dim * 1024, options.simd ?? true);
  }

  get size(): number {
    return this.docOf.length;
  }

  get listCount(): number {
    return this.extra.length;
  }

  /** Room for this many vectors in all, so a bulk load does not copy the array as it doubles. */
  reserve(vectors: number): void {
    this.data.reserve(vectors * this.dim);
    this.docOf.reserve(vectors);
  }

  set(doc: number, vec: Float32Array): void {
    if (vec.length !== this.dim) throw new Error(`vector has ${vec.length} dimensions, index has ${this.dim}`);
    let slot = doc < this.slotOf.length ? this.slotOf.data[doc] - 1 : -1;
    if (slot < 0) {
      slot = this.docOf.length;
      this.docOf.push(doc);
      this.slotOf.set(doc, slot + 1);
      this.data.reserve((slot + 1) * this.dim);
      this.data.length = (slot + 1) * this.dim;
      if (this.centroids) this.extra[this.nearestList(vec)].push(slot);
    }
    this.data.data.set(vec, slot * this.dim);
  }

  /** A copy of the stored vector of a document, or null. */
  get(doc: number): Float32Array | null {
    const slot = doc < this.slotOf.length ? this.slotOf.data[doc] - 1 : -1;
    if (slot < 0) return null;
    return this.data.data.slice(slot * this.dim, (slot + 1) * this.dim);
  }

  /** Cosine of a query with one document (0 when it has no vector). */
  score(query: Float32Array, doc: number): number {
    const slot = doc < this.slotOf.length ? this.slotOf.data[doc] - 1 : -1;
    return slot < 0 ? 0 : dot(this.data.data, slot * this.dim, query, this.dim);
  }

  /** Learns or relearns the IVF lists when the index has crossed the threshold or grown 4×. */
  maybeTrain(): void {
    if (this.size < this.options.ivfThreshold) return;
    if (this.centroids && this.size < this.trainedAt * 4) return;
    this.train();
  }

  /** Lists a query probes: a share of all lists (times `scale`), at least 8, at most all (an exact scan). */
  probeCount(scale = 1): number {
    const nlist = this.extra.length;
    if (!(scale < Infinity)) return nlist;
    return Math.min(nlist, Math.max(8, Math.ceil(nlist * this.options.probeShare * scale)));
  }

  /** The true top k by a scan of every vector: the yardstick for the IVF's recall. */
  searchExact(query: Float32Array, k: number, accept: DocPredicate): ScoredDoc[] {
    const top = new TopK(k);
    this.data.setQuery(query);
    scanSlots(this.data, 0, this.size, this.docOf.data, accept, top);
    return top.sorted();
  }

  /**
   * The exact top k among the given documents (accepted ones): a scan of their vectors only. For a
   * subset such as the newest 10k of 60k papers this reads a sixth of the memory searchExact does.
   * Their slots are visited in order, and runs of consecutive slots (papers added together, as the
   * newest are) go to the SIMD loop as one block.
   */
  searchAmong(query: Float32Array, docs: ArrayLike<number>, k: number, accept: DocPredicate): ScoredDoc[] {
    const top = new TopK(k);
    const slotOf = this.slotOf.data;
    const slots = new Int32Array(docs.length);
    let m = 0;
    for (let i = 0; i < docs.length; i++) {
      const doc = docs[i]!;
      const slot = doc < this.slotOf.length ? slotOf[doc] - 1 : -1;
      if (slot >= 0) slots[m++] = slot;
    }
    const sorted = slots.subarray(0, m).sort();
    this.data.setQuery(query);
    const docOf = this.docOf.data;
    for (let i = 0; i < m; ) {
      let j = i + 1;
      while (j < m && sorted[j] === sorted[j - 1] + 1 && j - i < DOTS_BLOCK) j++;
      scanSlots(this.data, sorted[i], sorted[j - 1] + 1, docOf, accept, top);
      // A document listed twice is scored once.
      while (j < m && sorted[j] === sorted[j - 1]) j++;
      i = j;
    }
    return top.sorted();
  }

  search(query: Float32Array, k: number, accept: DocPredicate, probeScale = 1): ScoredDoc[] {
    const top = new TopK(k);
    this.data.setQuery(query);
    if (!this.centroids) {
      scanSlots(this.data, 0, this.size, this.docOf.data, accept, top);
      return top.sorted();
    }
    const d = this.dim;
    const nlist = this.extra.length;
    const best = new TopK(this.probeCount(probeScale));
    for (let l = 0; l < nlist; l++) best.push(dot(this.centroids, l * d, query, d), l);
    const docOf = this.docOf.data;
    for (let i = 0; i < best.size; i++) {
      const l = best.docs[i];
      scanSlots(this.data, this.listStart[l], this.listStart[l + 1], docOf, accept, top);
      const more = this.extra[l];
      for (let j = 0; j < more.length; j++) {
        const slot = more.data[j];
        scanSlots(this.data, slot, slot + 1, docOf, accept, top);
      }
    }
    return top.sorted();
  }

  private nearestList(vec: Float32Array): number {
    return nearest(this.centroids!, this.extra.length, this.dim, vec, 0);
  }

  /**
   * Two-level spherical k-means: √L coarse clusters, each split into √L fine ones. Assigning a
   * million vectors to L lists then costs 2√L dot products each instead of L. Then the slots are
   * permuted in place (no second copy of the vectors) so every list is one contiguous run.
   */
  private train(): void {
    const d = this.dim;
    const n = this.size;
    const data = this.data.data;
    const all = Array.from({ length: n }, (_, i) => i);
    const nlist = Math.max(16, Math.round(Math.sqrt(n)));
    const fan = Math.ceil(Math.sqrt(nlist));
    const rand = seededRandom(7);
    const coarse = kmeans(data, d, sample(all, fan * 64, rand), fan, rand);
    const groups: number[][] = Array.from({ length: fan }, () => []);
    for (let slot = 0; slot < n; slot++) groups[nearest(coarse, fan, d, data, slot * d)].push(slot);
    const centroids: number[] = [];
    const listOf = new Int32Array(n);
    let lists = 0;
    for (const group of groups) {
      if (group.length === 0) continue;
      const k = Math.min(fan, group.length);
      const fine = kmeans(data, d, sample(group, k * 64, rand), k, rand);
      for (let i = 0; i < k * d; i++) centroids.push(fine[i]);
      for (const slot of group) listOf[slot] = lists + nearest(fine, k, d, data, slot * d);
      lists += k;
    }
    // Counting sort of slots by list gives each slot its new place.
    const start = new Int32Array(lists + 1);
    for (let s = 0; s < n; s++) start[listOf[s] + 1]++;
    for (let l = 0; l < lists; l++) start[l + 1] += start[l];
    const fill = start.slice(0, lists);
    const dest = new Int32Array(n);
    for (let s = 0; s < n; s++) dest[s] = fill[listOf[s]]++;
    permuteInPlace(data, this.docOf.data, d, dest);
    for (let s = 0; s < n; s++) this.slotOf.data[this.docOf.data[s]] = s + 1;
    this.centroids = Float32Array.from(centroids);
    this.listStart = start;
    this.extra = Array.from({ length: lists }, () => new Growable(Int32Array, 16));
    this.trainedAt = n;
  }
}

/**
 * Scores slots [from, to) against the slab's query and offers each to the top-k, a block of
 * dot products at a time. The filter is asked only about vectors good enough to enter the top k.
 */
function scanSlots(slab: VectorSlab, from: number, to: number, docOf: Int32Array, accept: DocPredicate, top: TopK): void {
  let theta = top.threshold();
  for (let s = from; s < to; s += DOTS_BLOCK) {
    const n = Math.min(DOTS_BLOCK, to - s);
    const scores = slab.dots(s, n);
    for (let i = 0; i < n; i++) {
      const score = scores[i];
      if (score < theta) continue;
      const doc = docOf[s + i];
      if (!accept(doc)) continue;
      top.push(score, doc);
      theta = top.threshold();
    }
  }
}

/**
 * Moves slot s's vector (and doc) to slot dest[s] for every s, following the permutation's cycles
 * with one vector of scratch, so training never holds two copies of a million vectors.
 */
export function permuteInPlace(data: Float32Array, docs: Int32Array, d: number, dest: Int32Array): void {
  const n = dest.length;
  const done = new Uint8Array(n);
  const carry = new Float32Array(d);
  const swap = new Float32Array(d);
  for (let s = 0; s < n; s++) {
    if (done[s] || dest[s] === s) continue;
    // Carry slot s's content around its cycle until the cycle closes back at s.
    carry.set(data.subarray(s * d, s * d + d));
    let carryDoc = docs[s];
    let at = dest[s];
    while (!done[at] && at !== s) {
      swap.set(data.subarray(at * d, at * d + d));
      const swapDoc = docs[at];
      data.set(carry, at * d);
      docs[at] = carryDoc;
      done[at] = 1;
      carry.set(swap);
      carryDoc = swapDoc;
      at = dest[at];
    }
    data.set(carry, s * d);
    docs[s] = carryDoc;
    done[s] = 1;
  }
}

function dot(a: Float32Array, offset: number, b: Float32Array, d: number): number {
  return dotAt(a, offset, b, 0, d);
}

function nearest(centroids: Float32Array, k: number, d: number, data: Float32Array, offset: number): number {
  let best = -Infinity;
  let arg = 0;
  for (let c = 0; c < k; c++) {
    const s = dotAt(centroids, c * d, data, offset, d);
    if (s > best) {
      best = s;
      arg = c;
    }
  }
  return arg;
}

function sample(xs: number[], n: number, rand: () => number): number[] {
  if (xs.length <= n) return xs;
  const out = xs.slice();
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(rand() * (out.length - i));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out.slice(0, n);
}

/** Spherical k-means on the given docs' vectors: centroids renormalised to unit length. */
function kmeans(data: Float32Array, d: number, docs: number[], k: number, rand: () => number, iterations = 8): Float32Array {
  const c = new Float32Array(k * d);
  const picks = sample(docs, k, rand);
  picks.forEach((doc, i) => c.set(data.subarray(doc * d, doc * d + d), i * d));
  const assign = new Int32Array(docs.length);
  for (let it = 0; it < iterations; it++) {
    docs.forEach((doc, i) => (assign[i] = nearest(c, k, d, data, doc * d)));
    const sum = new Float64Array(k * d);
    docs.forEach((doc, i) => {
      const o = assign[i] * d;
      for (let j = 0; j < d; j++) sum[o + j] += data[doc * d + j];
    });
    for (let ci = 0; ci < k; ci++) {
      let norm = 0;
      for (let j = 0; j < d; j++) norm += sum[ci * d + j] ** 2;
      if (norm === 0) continue; // an empty cluster keeps its old centroid
      const inv = 1 / Math.sqrt(norm);
      for (let j = 0; j < d; j++) c[ci * d + j] = sum[ci * d + j] * inv;
    }
  }
  return c;
}
