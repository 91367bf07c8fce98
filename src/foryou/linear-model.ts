// A member's taste as one linear model over paper vectors: weighted, L2-regularised logistic regression.
//
// arxiv-sanity-lite trains a linear SVM per tag over TF-IDF; here the features are the search
// index's unit-length paper embeddings (256 LSA dimensions by default), so one model is 257
// numbers, trains in a few milliseconds and scores a paper with one dot product.

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
 */
export function trainLogistic(set: TrainingSet, opts: TrainOptions = DEFAULT_TRAIN): LinearModel {
  const { dim, rows, labels } = set;
  const n = rows.length;
  let total = 0;
  for (let i = 0; i < n; i++) total += set.weights[i]!;
  if (n === 0 || total <= 0) return { weights: new Float32Array(dim), bias: 0 };
  // Rows packed into one float32 array (the values are float32 already; half the bytes of float64
  // to stream) and each example's weight pre-divided by the total: the inner loops then read
  // memory in order (this loop is most of a request's time). Sums stay in float64.
  const x = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) x.set(rows[i]!.subarray(0, dim), i * dim);
  const share = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    share[i] = set.weights[i]! / total;
    y[i] = labels[i]!;
  }
  const w = new Float64Array(dim);
  const prev = new Float64Array(dim);
  const look = new Float64Array(dim);
  const grad = new Float64Array(dim);
  let bias = 0;
  let prevBias = 0;
  const l2 = opts.l2;
  const step = 1 / (0.25 * 2 + l2);
  for (let it = 0; it < opts.iterations; it++) {
    const momentum = it / (it + 3);
    for (let j = 0; j < dim; j++) {
      look[j] = w[j]! + momentum * (w[j]! - prev[j]!);
      grad[j] = l2 * look[j]!;
    }
    const lookBias = bias + momentum * (bias - prevBias);
    let gradBias = 0;
    for (let i = 0, o = 0; i < n; i++, o += dim) {
      let z = lookBias;
      for (let j = 0; j < dim; j++) z += look[j]! * x[o + j]!;
      const g = share[i]! * (1 / (1 + Math.exp(-z)) - y[i]!);
      for (let j = 0; j < dim; j++) grad[j] += g * x[o + j]!;
      gradBias += g;
    }
    prev.set(w);
    prevBias = bias;
    for (let j = 0; j < dim; j++) w[j] = look[j]! - step * grad[j]!;
    bias = lookBias - step * gradBias;
  }
  return { weights: Float32Array.from(w), bias };
}

export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}
