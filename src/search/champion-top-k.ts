// Typeahead's top k when the exact scan would read hundreds of thousands of postings (a first
// keystroke's completions are the commonest words): the candidates are each term's champions,
// the documents where that term alone scores best (listed at commit), scored exactly over every
// query term. "Champion lists" (Manning, Raghavan & Schütze, Introduction to IR, §7.1.3).
import { TopK } from './top-k.ts';
import type { DocPredicate } from './doc-table.ts';
import { containsAny, gallop } from './postings.ts';
import type { QueryTerm, ScoringArrays } from './maxscore-top-k.ts';

/** Champions kept per term: 8 completions × 64 give a typeahead ~500 candidates to score. */
export const CHAMPIONS = 64;

/** A query term with its champion documents (null: the term has no more postings than CHAMPIONS; all are candidates). */
export interface ChampionTerm extends QueryTerm {
  champions: Int32Array | null;
}

/**
 * The best k of the candidates by the same BM25 as the exact search, among documents holding
 * every required term and no excluded one. Approximate only in which documents are looked at:
 * one outside every term's champions is not found, however well its terms add up.
 */
export function championTopK(
  p: Pick<ScoringArrays, 'docs' | 'tfs' | 'norm'>,
  terms: ChampionTerm[],
  required: [number, number][],
  excluded: [number, number][],
  k: number,
  accept: DocPredicate,
): { doc: number; score: number }[] {
  const { docs, tfs, norm } = p;
  const seen = new Set<number>();
  for (const t of terms) {
    if (t.champions) for (const d of t.champions) seen.add(d);
    else for (let i = t.start; i < t.end; i++) seen.add(docs[i]);
  }
  // Ascending, so each term's cursor only moves forward.
  const candidates = Int32Array.from(seen).sort();
  const pos = Int32Array.from(terms, (t) => t.start);
  const top = new TopK(k);
  next: for (const d of candidates) {
    if (!accept(d)) continue;
    for (const r of required) if (!containsAny(docs, r, d)) continue next;
    for (const r of excluded) if (containsAny(docs, r, d)) continue next;
    let score = 0;
    for (let i = 0; i < terms.length; i++) {
      const at = gallop(docs, pos[i], terms[i].end, d);
      pos[i] = at;
      if (at < terms[i].end && docs[at] === d) {
        const tf = tfs[at];
        score += (terms[i].w * tf) / (tf + norm[d]);
      }
    }
    if (score > 0) top.push(score, d);
  }
  return top.sorted();
}

/**
 * Per term with more than CHAMPIONS postings, its CHAMPIONS documents of highest tf/(tf + norm)
 * (the term's own BM25 order), as CSR: term t's are docs[start[t] ..< start[t + 1]] (empty for
 * the others). One pass over the postings.
 */
export function listChampions(offsets: Int32Array, docs: Int32Array, tfs: Uint8Array, norm: Float32Array): { start: Int32Array; docs: Int32Array } {
  const V = offsets.length - 1;
  const start = new Int32Array(V + 1);
  for (let t = 0; t < V; t++) start[t + 1] = start[t] + (offsets[t + 1] - offsets[t] > CHAMPIONS ? CHAMPIONS : 0);
  const out = new Int32Array(start[V]);
  for (let t = 0; t < V; t++) {
    if (start[t + 1] === start[t]) continue;
    const top = new TopK(CHAMPIONS);
    for (let q = offsets[t]; q < offsets[t + 1]; q++) {
      const tf = tfs[q];
      const d = docs[q];
      const f = tf / (tf + norm[d]);
      if (f > top.threshold()) top.push(f, d);
    }
    out.set(top.docs.subarray(0, top.size), start[t]);
  }
  return { start, docs: out };
}
