// Hybrid fusion: min-max normalised keyword and cosine scores, mixed with one tuned weight.
import type { ScoredDoc } from './keyword-index.ts';

/**
 * Convex combination (1 − w)·bm25' + w·cos' where each score is min-max normalised over its own
 * list, and a candidate found by one side only is scored by the other side when `otherScore` can
 * (cosine of any document is cheap), else gets 0 there. Normalised-score fusion beat reciprocal
 * rank fusion on held-out SciFact queries (see README of bench/search and the eval command):
 * RRF discards how far ahead BM25's top hit is, which is where most of its precision lies.
 */
export function fuseScores(
  keyword: readonly ScoredDoc[],
  semantic: readonly ScoredDoc[],
  weight: number,
  semanticScoreOf: (doc: number) => number,
): ScoredDoc[] {
  const [kmin, kmax] = range(keyword);
  const [smin, smax] = range(semantic);
  const kw = new Map(keyword.map((h) => [h.doc, h.score]));
  const candidates = new Set([...keyword.map((h) => h.doc), ...semantic.map((h) => h.doc)]);
  const out: ScoredDoc[] = [];
  const semMap = new Map(semantic.map((h) => [h.doc, h.score]));
  for (const doc of candidates) {
    // A lone keyword hit (or all tied) normalises to 1, not 0: it is the best keyword match there is.
    const k = kw.has(doc) ? (kmax > kmin ? (kw.get(doc)! - kmin) / (kmax - kmin) : 1) : 0;
    const cos = semMap.get(doc) ?? semanticScoreOf(doc);
    const s = semantic.length ? Math.max(0, (cos - smin) / (smax - smin || 1)) : 0;
    out.push({ doc, score: (1 - weight) * k + weight * s });
  }
  return out.sort((a, b) => b.score - a.score || a.doc - b.doc);
}

function range(hits: readonly ScoredDoc[]): [number, number] {
  if (hits.length === 0) return [0, 1];
  let min = Infinity;
  let max = -Infinity;
  for (const h of hits) {
    if (h.score < min) min = h.score;
    if (h.score > max) max = h.score;
  }
  return [min, max];
}
