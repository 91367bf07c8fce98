// A member's taste as one linear model over paper vectors: weighted, L2-regularised logistic regression.
//
// arxiv-sanity-lite trains a linear SVM per tag over TF-IDF; here the features are the search
// index's unit-length paper embeddings (256 LSA dimensions by default), so one model is 257
// numbers, trains in a few milliseconds and scores a paper with one dot product.
import { DOTS_BLOCK, VectorSlab } from '../search/vector-slab.ts';

export interface LinearModel {
  /** One weight per vector dimension. */
  weights: Float32Array;
  bias: number;
}

export interface TrainingSet {
  dim: number;
  /** Feature rows, each `dim` long (unit vectors). */
  rows: Float32Array[];
  /** 1 for liked, 0 for not. */
  labels: Uint8Array;
  /** How much each example counts (explicit "not interested" more than a random background paper). */
  weights: Float32Array;
}

export interface TrainOptions {
  /** Strength of the L2 penalty on the weights (not the bias), per unit of total example weight. */
  l2: number;
  iterations: number;
}

// L2 chosen on the for-you bench's validation members (earlier months), not its test months:
// 0.005 beat 0.0005 and 0.05 there (README, For you).
export const DEFAULT_TRAIN: TrainOptions = { l2: 0.005, iterations: 60 };

/**
 * Minimises the weighted mean log-loss plus l2/2·|w|² by Nesterov-accelerated gradient descent.
 * The loss is smooth with a gradient Lipschitz constant of at most 0.25·(max |x|² + 1) + l2
 * (unit rows, plus the bias's constant 1), so a fixed step of 1/L converges without a line search.
 *
 * Each iteration is two matrix-vector products, X·w (every example's score) and Xᵀ·g (the
 * gradient), and they are most of a request's time. Both run as the search index's WebAssembly
 * SIMD dot-product loop (VectorSlab): the rows in one slab, their transpose in another, each padded
 * to a multiple of 8 floats with zeros (which add nothing to any product). Sums of products are
 * float32 there; the weights themselves are kept and updated in float64.
 */
export function trainLogistic(set: TrainingSet, opts: TrainOptions = DEFAULT_TRAIN): LinearModel {
  const { dim, rows, labels } = set;
  const n = rows.length;
  let total = 0;
  for (let i = 0; i < n; i++) total += set.weights[i]!;
  if (n === 0 || total <= 0) return { weights: new Float32Array(dim), bias: 0 };
  const dp = padTo8(dim);
  const np = padTo8(n);
  const byRow = new VectorSlab(dp, dp * n);
  byRow.length = dp * n;
  const x = byRow.data;
  const byCol = new VectorSlab(np, np * dp);
  byCol.length = np * dp;
  const xt = byCol.data;
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    x.set(r.subarray(0, dim), i * dp);
    for (let j = 0; j < dim; j++) xt[j * np + i] = r[j]!;
  }
  // Each example's weight pre-divided by the total, so the loss is a weighted mean.
  const share = new Float64Array(n);
  for (let i = 0; i < n; i++) share[i] = set.weights[i]! / total;
  const w = new Float64Array(dim);
  const prev = new Float64Array(dim);
  const look = new Float64Array(dim);
  const query = new Float32Array(dp);
  const g = new Float32Array(np);
  let bias = 0;
  let prevBias = 0;
  const l2 = opts.l2;
  const step = 1 / (0.25 * 2 + l2);
  for (let it = 0; it < opts.iterations; it++) {
    const momentum = it / (it + 3);
    for (let j = 0; j < dim; j++) query[j] = look[j] = w[j]! + momentum * (w[j]! - prev[j]!);
    const lookBias = bias + momentum * (bias - prevBias);
    // g = share ∘ (σ(X·look + b) − y): each example's pull on the weights.
    let gradBias = 0;
    byRow.setQuery(query);
    for (let from = 0; from < n; from += DOTS_BLOCK) {
      const count = Math.min(DOTS_BLOCK, n - from);
      const z = byRow.dots(from, count);
      for (let k = 0; k < count; k++) {
        const i = from + k;
        const gi = share[i]! * (1 / (1 + Math.exp(-(z[k]! + lookBias))) - labels[i]!);
        g[i] = gi;
        gradBias += gi;
      }
    }
    // ∇ = Xᵀ·g + l2·look, then the step from the look-ahead point.
    prev.set(w);
    prevBias = bias;
    byCol.setQuery(g);
    for (let from = 0; from < dim; from += DOTS_BLOCK) {
      const count = Math.min(DOTS_BLOCK, dim - from);
      const grad = byCol.dots(from, count);
      for (let k = 0; k < count; k++) {
        const j = from + k;
        w[j] = look[j]! - step * (grad[k]! + l2 * look[j]!);
      }
    }
    bias = lookBias - step * gradBias;
  }
  return { weights: Float32Array.from(w), bias };
}

function padTo8(n: number): number {
  return Math.ceil(n / 8) * 8;
}

export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}
