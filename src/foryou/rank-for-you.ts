// Ranks candidate papers for one member: their model's score, blended with follows and trending,
// each paper with the reasons it is there. Pure: documents, vectors and signals come in, ranks go out.
import { sigmoid, trainLogistic, DEFAULT_TRAIN, type LinearModel, type TrainOptions } from './linear-model.ts';

/** What the ranker reads of the search index: vectors by document number. */
export interface VectorSource {
  readonly dim: number;
  /** A copy of a document's vector, or null when it has none. */
  get(doc: number): Float32Array | null;
  /** Dot product of a query with a document's vector (0 without one). */
  score(query: Float32Array, doc: number): number;
  /** The k accepted documents among `docs` with the largest dot products with the query, best first. */
  top(query: Float32Array, docs: ArrayLike<number>, k: number, accept: (doc: number) => boolean): { doc: number; score: number }[];
}

/** What the ranker reads of the keyword index: term weights and a BM25 search with weighted terms. */
export interface TermSource {
  /** The term's idf in the corpus (0 when it is not in the vocabulary). */
  idf(term: string): number;
  /** The k accepted documents best matching these (stemmed) terms, each counted `weight` times. */
  search(terms: Map<string, number>, k: number, accept: (doc: number) => boolean): { doc: number; score: number }[];
}

export interface Liked {
  doc: number;
  weight: number;
  /** Where it came from, for explanations: `your "Diffusion LMs" collection`, `papers you upvoted`. */
  source: string;
}

export interface Disliked {
  doc: number;
  weight: number;
}

export interface Boost {
  score: number;
  reason: string;
}

export interface ForYouSignals {
  liked: Liked[];
  disliked: Disliked[];
  /** "Not interested": these and papers close to them are left out at once. */
  rejected: number[];
  /** Papers the member already has (saved, upvoted) or rejected: never recommended. */
  exclude: Set<number>;
}

export interface RankOptions {
  /** Liked papers needed before the model is trusted; below it, follows and trending decide (cold start). */
  minLiked: number;
  /** Random papers drawn as background negatives (arxiv-sanity treats every other paper as one). */
  background: number;
  /** Cosine at and above which a candidate counts as "close" to a liked paper in explanations. */
  close: number;
  /** Cosine at and above which a candidate is hidden with a rejected paper. */
  similarToRejected: number;
  /** Weight of the keyword match with the member's profile terms (0..1 normalised). */
  termWeight: number;
  /** Terms in the profile: the liked papers' most distinctive words. */
  profileTerms: number;
  /** Weight of trending (0..1 normalised) with a model; without one it is 1. */
  trendingWeight: number;
  train: TrainOptions;
}

export const DEFAULT_RANK: RankOptions = {
  minLiked: 2,
  background: 150,
  close: 0.55,
  similarToRejected: 0.8,
  termWeight: 0.5,
  profileTerms: 40,
  trendingWeight: 0.05,
  train: DEFAULT_TRAIN,
};

export interface RankedDoc {
  doc: number;
  score: number;
  reasons: string[];
}

export interface TrainedTaste {
  model: LinearModel | null;
  /** Vectors of the liked papers (for "close to …" explanations) and of rejected ones. */
  liked: { vec: Float32Array; source: string }[];
  rejected: Float32Array[];
  /** Stemmed term → query weight: what the liked papers say most often that few others do. */
  profile: Map<string, number>;
}

/**
 * The member's profile terms: each term of the liked papers scored by how many of them use it
 * times its idf (words in one saved paper only are noise once there are a few). The best get a
 * query weight of 1–3 by that score, so one BM25 pass finds candidates that share the vocabulary.
 */
export function profileTerms(likedTerms: readonly string[][], terms: TermSource, size: number): Map<string, number> {
  const docs = new Map<string, number>();
  for (const ts of likedTerms) for (const t of new Set(ts)) docs.set(t, (docs.get(t) ?? 0) + 1);
  const minDocs = likedTerms.length >= 4 ? 2 : 1;
  const scored = [...docs]
    .filter(([, n]) => n >= minDocs)
    .map(([t, n]) => ({ t, s: n * terms.idf(t) }))
    .filter((x) => x.s > 0)
    .sort((a, b) => b.s - a.s || (a.t < b.t ? -1 : 1))
    .slice(0, size);
  const top = scored[0]?.s ?? 0;
  return new Map(scored.map((x) => [x.t, Math.max(1, Math.round((3 * x.s) / top))]));
}

/** A small deterministic generator, so one member's background sample (and feed) is stable between requests. */
function seeded(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

/**
 * Trains the member's model: liked papers against disliked ones plus a random background of
 * `pool` documents, the background weighted so that together it counts as much as the likes
 * (the classes stay balanced however many papers the member saved).
 */
export function trainTaste(
  source: VectorSource,
  signals: ForYouSignals,
  pool: ArrayLike<number>,
  seed: number,
  opts: RankOptions = DEFAULT_RANK,
  /** Terms of the liked papers' titles and abstracts, with the index's idf, for the keyword side. */
  text?: { likedTerms: string[][]; terms: TermSource },
): TrainedTaste {
  const liked = signals.liked.flatMap((l) => {
    const vec = source.get(l.doc);
    return vec ? [{ vec, source: l.source, weight: l.weight, doc: l.doc }] : [];
  });
  const rejected = signals.rejected.flatMap((d) => source.get(d) ?? []);
  if (liked.length < opts.minLiked) return { model: null, liked, rejected, profile: new Map() };
  const profile = text ? profileTerms(text.likedTerms, text.terms, opts.profileTerms) : new Map<string, number>();
  const rows: Float32Array[] = [];
  const labels: number[] = [];
  const weights: number[] = [];
  let likedWeight = 0;
  for (const l of liked) {
    rows.push(l.vec);
    labels.push(1);
    weights.push(l.weight);
    likedWeight += l.weight;
  }
  for (const d of signals.disliked) {
    const vec = source.get(d.doc);
    if (!vec) continue;
    rows.push(vec);
    labels.push(0);
    weights.push(d.weight);
  }
  const own = new Set(liked.map((l) => l.doc));
  const rand = seeded(seed);
  const picked: Float32Array[] = [];
  const n = pool.length;
  for (let tries = 0; picked.length < opts.background && tries < opts.background * 3 && n > 0; tries++) {
    const doc = pool[Math.floor(rand() * n)]!;
    if (own.has(doc)) continue;
    const vec = source.get(doc);
    if (vec) picked.push(vec);
  }
  for (const vec of picked) {
    rows.push(vec);
    labels.push(0);
    weights.push(likedWeight / picked.length);
  }
  const model = trainLogistic({ dim: source.dim, rows, labels: Uint8Array.from(labels), weights: Float32Array.from(weights) }, opts.train);
  return { model, liked, rejected, profile };
}

export interface RankInput {
  source: VectorSource;
  taste: TrainedTaste;
  candidates: ArrayLike<number>;
  exclude: Set<number>;
  /** Follow matches by document: "by an author you follow". */
  boosts: Map<number, Boost[]>;
  /** Trending by document, normalised to 0..1, with its explanation ("+900 stars this week"). */
  trending: Map<number, Boost>;
  /** The keyword index, for the member's profile terms; without it the model uses vectors only. */
  terms?: TermSource;
  limit: number;
  options?: RankOptions;
}

/**
 * Scores every candidate: the model's probability (when trained), plus follow boosts, plus
 * trending. Candidates close to a rejected paper are dropped. Then the top `limit` get reasons.
 */
export function rankForYou(input: RankInput): RankedDoc[] {
  const o = input.options ?? DEFAULT_RANK;
  const { source, taste } = input;
  const model = taste.model;
  const trendingWeight = model ? o.trendingWeight : 1;
  let size = 0;
  for (let i = 0; i < input.candidates.length; i++) size = Math.max(size, input.candidates[i]! + 1);
  const inPool = new Uint8Array(size);
  for (let i = 0; i < input.candidates.length; i++) inPool[input.candidates[i]!] = 1;
  const accept = (d: number) => d < size && inPool[d] === 1 && !input.exclude.has(d);
  // The model's part is monotone in the dot product, so the best by the model alone come from
  // one scan of the candidates' vectors (the search index's SIMD loop); followed and trending
  // papers join them.
  // The keyword side adds the best `room` by profile terms. A candidate outside both lists scores
  // below all of either's top `room`, so the first `limit` of the union, less the few dropped with
  // a rejected paper, are close to the true best (exact for each side alone).
  const room = input.limit + 100;
  const pool = new Set<number>();
  if (model) for (const h of source.top(model.weights, input.candidates, room, accept)) pool.add(h.doc);
  const affinity = new Map<number, number>();
  if (model && input.terms && taste.profile.size) {
    const hits = input.terms.search(taste.profile, room, accept);
    const top = hits[0]?.score ?? 0;
    for (const h of hits) {
      if (!(top > 0)) break;
      affinity.set(h.doc, h.score / top);
      pool.add(h.doc);
    }
  }
  for (const d of input.boosts.keys()) if (accept(d)) pool.add(d);
  for (const d of input.trending.keys()) if (accept(d)) pool.add(d);
  const scored: { doc: number; score: number }[] = [];
  for (const doc of pool) {
    let s = 0;
    if (model) s += sigmoid(scoreDoc(source, model, doc)) + o.termWeight * (affinity.get(doc) ?? 0);
    for (const b of input.boosts.get(doc) ?? []) s += b.score;
    const t = input.trending.get(doc);
    if (t) s += trendingWeight * t.score;
    if (s > 0) scored.push({ doc, score: s });
  }
  scored.sort((a, b) => b.score - a.score || a.doc - b.doc);
  const out: RankedDoc[] = [];
  for (const c of scored) {
    if (out.length >= input.limit) break;
    if (taste.rejected.some((r) => source.score(r, c.doc) >= o.similarToRejected)) continue;
    out.push({ doc: c.doc, score: c.score, reasons: explain(input, c.doc, o) });
  }
  return out;
}

function scoreDoc(source: VectorSource, model: LinearModel, doc: number): number {
  return source.score(model.weights, doc) + model.bias;
}

/** Why a paper is in the feed, strongest first: closeness to what the member liked, follows, trending. */
function explain(input: RankInput, doc: number, o: RankOptions): string[] {
  const reasons: string[] = [];
  if (input.taste.model) {
    const bySource = new Map<string, number>();
    for (const l of input.taste.liked) {
      if (input.source.score(l.vec, doc) >= o.close) bySource.set(l.source, (bySource.get(l.source) ?? 0) + 1);
    }
    const best = [...bySource].sort((a, b) => b[1] - a[1])[0];
    if (best) reasons.push(`close to ${best[1]} paper${best[1] === 1 ? '' : 's'} in ${best[0]}`);
    else reasons.push('like what you saved and upvoted');
  }
  for (const b of input.boosts.get(doc) ?? []) reasons.push(b.reason);
  const t = input.trending.get(doc);
  if (t && (!input.taste.model || reasons.length < 2)) reasons.push(t.reason);
  return reasons;
}

