// Top k of a query that requires words (typeahead's typed words, `+word`, phrases): walking the
// shortest required posting list document at a time visits only documents that can be results,
// where the windowed MaxScore scan would score every posting of every common word first.
import { TopK } from './top-k.ts';
import type { DocPredicate } from './doc-table.ts';
import { gallop } from './postings.ts';
import type { QueryTerm, ScoringArrays } from './maxscore-top-k.ts';

/**
 * Drive by the shortest required list when it is much shorter than the postings a scan would
 * read: each of its documents costs a gallop per term, each scanned posting one add.
 */
export function requiredIsCheaper(required: readonly [number, number][], terms: readonly QueryTerm[]): boolean {
  if (required.length === 0) return false;
  let shortest = Infinity;
  for (const [a, b] of required) shortest = Math.min(shortest, b - a);
  let scanned = 0;
  for (const t of terms) scanned += t.end - t.start;
  return shortest * (terms.length + required.length) * 4 < scanned;
}

/**
 * The exact top k (same scores as the MaxScore scan) over the documents in every required range
 * and in no excluded one. Terms are tried strongest first, and a document stops being scored
 * once even the remaining terms' bounds cannot lift it past the k-th best.
 */
export function requiredTopK(
  p: Pick<ScoringArrays, 'docs' | 'tfs' | 'norm'>,
  terms: QueryTerm[],
  required: [number, number][],
  excluded: [number, number][],
  k: number,
  accept: DocPredicate,
): { doc: number; score: number }[] {
  const { docs, tfs, norm } = p;
  const req = required.map(([a, b]) => [a, b] as [number, number]).sort((x, y) => x[1] - x[0] - (y[1] - y[0]));
  const exc = excluded.map(([a, b]) => [a, b] as [number, number]);
  const order = [...terms].sort((a, b) => b.ub - a.ub);
  const n = order.length;
  const pos = Int32Array.from(order, (t) => t.start);
  const end = Int32Array.from(order, (t) => t.end);
  const w = Float64Array.from(order, (t) => t.w);
  // rest[i]: the most terms i..n−1 can add.
  const rest = new Float64Array(n + 1);
  for (let i = n - 1; i >= 0; i--) rest[i] = rest[i + 1] + order[i].ub;
  const top = new TopK(k);
  let theta = -Infinity;
  const [driver, ...others] = req;
  outer: for (let q = driver[0]; q < driver[1]; q++) {
    const d = docs[q];
    if (rest[0] <= theta) break; // nothing left can enter the top k
    for (const r of others) {
      r[0] = gallop(docs, r[0], r[1], d);
      if (r[0] >= r[1]) break outer;
      if (docs[r[0]] !== d) continue outer;
    }
    for (const r of exc) {
      r[0] = gallop(docs, r[0], r[1], d);
      if (r[0] < r[1] && docs[r[0]] === d) continue outer;
    }
    if (!accept(d)) continue;
    let score = 0;
    for (let i = 0; i < n; i++) {
      if (score + rest[i] <= theta) continue outer;
      const at = gallop(docs, pos[i], end[i], d);
      pos[i] = at;
      if (at < end[i] && docs[at] === d) {
        const tf = tfs[at];
        score += (w[i] * tf) / (tf + norm[d]);
      }
    }
    if (score <= theta) continue;
    top.push(score, d);
    theta = top.threshold();
  }
  return top.sorted();
}
