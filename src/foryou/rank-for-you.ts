// Ranks candidate papers for one member: their model's score, blended with follows and trending,
// each paper with the reasons it is there. Pure: documents, vectors and signals come in, ranks go out.
import { margin, sigmoid, trainLogistic, DEFAULT_TRAIN, type LinearModel, type TrainOptions } from './linear-model.ts';

/** What the ranker reads of the search index: vectors by document number. */
export interface VectorSource {
  readonly dim: number;
  /** A copy of a document's vector, or null when it has none. */
  get(doc: number): Float32Array | null;
  /** Dot product of a query with a document's vector (0 without one). */
  score(query: Float32Array, doc: number): number;
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
  /** Weight of trending (0..1 normalised) with a model; without one it is 1. */
  trendingWeight: number;
  train: TrainOptions;
}

export const DEFAULT_RANK: RankOptions = {
  minLiked: 2,
  background: 300,
  close: 0.55,
  similarToRejected: 0.8,
  trendingWeight: 0.1,
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
export function trainTaste(source: VectorSource, signals: ForYouSignals, pool: ArrayLike<number>, seed: number, opts: RankOptions = DEFAULT_RANK): TrainedTaste {
  const liked = signals.liked.flatMap((l) => {
    const vec = source.get(l.doc);
    return vec ? [{ vec, source: l.source, weight: l.weight, doc: l.doc }] : [];
  });
  const rejected = signals.rejected.flatMap((d) => source.get(d) ?? []);
  if (liked.length < opts.minLiked) return { model: null, liked, rejected };
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
  return { model, liked, rejected };
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
  const scored: { doc: number; score: number }[] = [];
  const n = input.candidates.length;
  for (let i = 0; i < n; i++) {
    const doc = input.candidates[i]!;
    if (input.exclude.has(doc)) continue;
    let s = 0;
    if (model) s += sigmoid(scoreDoc(source, model, doc));
    for (const b of input.boosts.get(doc) ?? []) s += b.score;
    const t = input.trending.get(doc);
    if (t) s += trendingWeight * t.score;
    if (s <= 0) continue;
    scored.push({ doc, score: s });
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

export { margin };
