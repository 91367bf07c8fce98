// Hybrid fusion rules: min-max or z-score normalised scores, reciprocal ranks, agreement-scaled weights.
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

/** Reciprocal-rank fusion, kept for comparison in evaluation: Σ w/(60 + rank). */
export function fuseRanks(keyword: readonly ScoredDoc[], semantic: readonly ScoredDoc[], weight: number): ScoredDoc[] {
  const m = new Map<number, number>();
  keyword.forEach((h, i) => m.set(h.doc, (m.get(h.doc) ?? 0) + (1 - weight) / (60 + i)));
  semantic.forEach((h, i) => m.set(h.doc, (m.get(h.doc) ?? 0) + weight / (60 + i)));
  return [...m].map(([doc, score]) => ({ doc, score })).sort((a, b) => b.score - a.score || a.doc - b.doc);
}

/**
 * Scores as z-scores over their own list (mean 0, unit spread) instead of min-max: one outlier at
 * the top of a list does not squash the rest. A document missing from the keyword list gets that
 * list's lowest z-score; the semantic side scores every document by its cosine.
 */
export function fuseZScores(
  keyword: readonly ScoredDoc[],
  semantic: readonly ScoredDoc[],
  weight: number,
  semanticScoreOf: (doc: number) => number,
): ScoredDoc[] {
  const [km, ks] = meanSd(keyword);
  const [sm, ss] = meanSd(semantic);
  const kw = new Map(keyword.map((h) => [h.doc, (h.score - km) / ks]));
  let kfloor = 0;
  for (const v of kw.values()) kfloor = Math.min(kfloor, v);
  const semMap = new Map(semantic.map((h) => [h.doc, h.score]));
  const out: ScoredDoc[] = [];
  for (const doc of new Set([...kw.keys(), ...semMap.keys()])) {
    const k = kw.get(doc) ?? kfloor;
    const s = semantic.length ? ((semMap.get(doc) ?? semanticScoreOf(doc)) - sm) / ss : 0;
    out.push({ doc, score: (1 - weight) * k + weight * s });
  }
  return out.sort((a, b) => b.score - a.score || a.doc - b.doc);
}

function meanSd(hits: readonly ScoredDoc[]): [number, number] {
  if (hits.length === 0) return [0, 1];
  let sum = 0;
  for (const h of hits) sum += h.score;
  const mean = sum / hits.length;
  let v = 0;
  for (const h of hits) v += (h.score - mean) ** 2;
  return [mean, Math.sqrt(v / hits.length) || 1];
}

/**
 * Query-dependent weight: the semantic side is trusted in proportion to how much its top 20
 * agrees with the keyword top 10 (weight × (floor + (1 − floor) × overlap / 10)). When the two
 * disagree, the query is usually one where exact words matter (a name, a rare term).
 */
export function agreementWeight(keyword: readonly ScoredDoc[], semantic: readonly ScoredDoc[], weight: number, floor: number): number {
  const top = new Set(semantic.slice(0, 20).map((h) => h.doc));
  const k = keyword.slice(0, 10);
  if (k.length === 0) return weight;
  let overlap = 0;
  for (const h of k) if (top.has(h.doc)) overlap++;
  return weight * (floor + ((1 - floor) * overlap) / k.length);
}
