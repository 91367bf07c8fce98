// Vectors by document number: exact cosine scan when small, two-level IVF (k-means lists) once large.
import { Growable } from './growable.ts';
import { TopK } from './top-k.ts';
import { seededRandom } from './linalg.ts';
import type { DocPredicate } from './doc-table.ts';
import type { ScoredDoc } from './keyword-index.ts';

export interface VectorIndexOptions {
  /** Below this many vectors every search is an exact scan. */
  ivfThreshold: number;
  /** Lists probed per query, as a share of all lists (at least 8). */
  probeShare: number;
}

export const DEFAULT_VECTOR_OPTIONS: VectorIndexOptions = { ivfThreshold: 50_000, probeShare: 0.04 };

/**
 * Unit vectors (dot product = cosine). The IVF partition is learned once the index passes the
 * threshold and relearned when it has grown fourfold; new vectors join the nearest list at once,
 * so adds stay incremental.
 */
export class VectorIndex {
  readonly vectors: Growable<Float32Array>;
  readonly present = new Growable(Uint8Array);
  private count = 0;
  private centroids: Float32Array | null = null;
  private lists: Growable<Int32Array>[] = [];
  private trainedAt = 0;

  constructor(
    readonly dim: number,
    readonly options: VectorIndexOptions = DEFAULT_VECTOR_OPTIONS,
  ) {
    this.vectors = new Growable(Float32Array, dim * 1024);
  }

  get size(): number {
    return this.count;
  }

  get listCount(): number {
    return this.lists.length;
  }

  set(doc: number, vec: Float32Array): void {
    if (vec.length !== this.dim) throw new Error(`vector has ${vec.length} dimensions, index has ${this.dim}`);
    this.vectors.reserve((doc + 1) * this.dim);
    if (this.vectors.length < (doc + 1) * this.dim) this.vectors.length = (doc + 1) * this.dim;
    this.vectors.data.set(vec, doc * this.dim);
    if (this.present.length <= doc || this.present.data[doc] === 0) this.count++;
    this.present.set(doc, 1);
    if (this.centroids) this.lists[this.nearestList(vec)].push(doc);
  }

  /** The stored vector of a document, or null. */
  get(doc: number): Float32Array | null {
    if (doc >= this.present.length || this.present.data[doc] === 0) return null;
    return this.vectors.data.subarray(doc * this.dim, (doc + 1) * this.dim);
  }

  /** Cosine of a query with one document (0 when it has no vector). */
  score(query: Float32Array, doc: number): number {
    const v = this.get(doc);
    if (!v) return 0;
    let s = 0;
    for (let i = 0; i < this.dim; i++) s += v[i] * query[i];
    return s;
  }

  /** Learns or relearns the IVF lists when the index has crossed the threshold or grown 4×. */
  maybeTrain(): void {
    if (this.count < this.options.ivfThreshold) return;
    if (this.centroids && this.count < this.trainedAt * 4) return;
    this.train();
  }

  search(query: Float32Array, k: number, accept: DocPredicate): ScoredDoc[] {
    const top = new TopK(k);
    const d = this.dim;
    const v = this.vectors.data;
    const present = this.present.data;
    const visit = (doc: number) => {
      if (present[doc] === 0 || !accept(doc)) return;
      let s = 0;
      const o = doc * d;
      for (let i = 0; i < d; i++) s += v[o + i] * query[i];
      if (s > top.threshold()) top.push(s, doc);
    };
    if (!this.centroids) {
      const n = this.present.length;
      for (let doc = 0; doc < n; doc++) visit(doc);
      return top.sorted();
    }
    const nlist = this.lists.length;
    const probes = Math.min(nlist, Math.max(8, Math.ceil(nlist * this.options.probeShare)));
    const best = new TopK(probes);
    for (let l = 0; l < nlist; l++) best.push(dot(this.centroids, l * d, query, d), l);
    for (const { doc: list } of best.sorted()) {
      const members = this.lists[list];
      for (let i = 0; i < members.length; i++) visit(members.data[i]);
    }
    return top.sorted();
  }

  private nearestList(vec: Float32Array): number {
    const c = this.centroids!;
    let best = -Infinity;
    let arg = 0;
    for (let l = 0; l < this.lists.length; l++) {
      const s = dot(c, l * this.dim, vec, this.dim);
      if (s > best) {
        best = s;
        arg = l;
      }
    }
    return arg;
  }

  /**
   * Two-level spherical k-means: √L coarse clusters, each split into √L fine ones. Assigning a
   * million vectors to L lists then costs 2√L dot products each instead of L.
   */
  private train(): void {
    const d = this.dim;
    const docs: number[] = [];
    for (let doc = 0; doc < this.present.length; doc++) if (this.present.data[doc]) docs.push(doc);
    const nlist = Math.max(16, Math.round(Math.sqrt(docs.length)));
    const fan = Math.ceil(Math.sqrt(nlist));
    const rand = seededRandom(7);
    const coarse = kmeans(this.vectors.data, d, sample(docs, fan * 64, rand), fan, rand);
    const groups: number[][] = Array.from({ length: fan }, () => []);
    for (const doc of docs) groups[nearest(coarse, fan, d, this.vectors.data, doc * d)].push(doc);
    const centroids: number[] = [];
    const lists: Growable<Int32Array>[] = [];
    for (const group of groups) {
      if (group.length === 0) continue;
      const k = Math.min(fan, group.length);
      const fine = kmeans(this.vectors.data, d, sample(group, k * 64, rand), k, rand);
      const base = lists.length;
      for (let i = 0; i < k; i++) {
        lists.push(new Growable(Int32Array, 64));
        for (let j = 0; j < d; j++) centroids.push(fine[i * d + j]);
      }
      for (const doc of group) lists[base + nearest(fine, k, d, this.vectors.data, doc * d)].push(doc);
    }
    this.centroids = Float32Array.from(centroids);
    this.lists = lists;
    this.trainedAt = docs.length;
  }
}

function dot(a: Float32Array, offset: number, b: Float32Array, d: number): number {
  let s = 0;
  for (let i = 0; i < d; i++) s += a[offset + i] * b[i];
  return s;
}

function nearest(centroids: Float32Array, k: number, d: number, data: Float32Array, offset: number): number {
  let best = -Infinity;
  let arg = 0;
  for (let c = 0; c < k; c++) {
    let s = 0;
    const co = c * d;
    for (let i = 0; i < d; i++) s += centroids[co + i] * data[offset + i];
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
