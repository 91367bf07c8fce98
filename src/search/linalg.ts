// Small dense linear algebra for the built-in embedder: Gram-Schmidt, Jacobi eigensolver, seeded normals.

/** A seeded PRNG (mulberry32): training is reproducible run to run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal samples (Box–Muller) filling a new array. */
export function gaussianMatrix(n: number, rand: () => number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i += 2) {
    const u = Math.max(rand(), 1e-12);
    const v = rand();
    const r = Math.sqrt(-2 * Math.log(u));
    out[i] = r * Math.cos(2 * Math.PI * v);
    if (i + 1 < n) out[i + 1] = r * Math.sin(2 * Math.PI * v);
  }
  return out;
}

/**
 * Orthonormalises the columns of a rows×cols row-major matrix in place (modified Gram-Schmidt,
 * run twice for stability, on a column-major copy so the inner loops are contiguous). Columns
 * that collapse to zero are left zero.
 */
export function orthonormalizeColumns(m: Float64Array, rows: number, cols: number): void {
  const c = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let i = 0; i < cols; i++) c[i * rows + r] = m[r * cols + i];
  for (let pass = 0; pass < 2; pass++) {
    for (let i = 0; i < cols; i++) {
      const ci = c.subarray(i * rows, (i + 1) * rows);
      for (let j = 0; j < i; j++) {
        const cj = c.subarray(j * rows, (j + 1) * rows);
        let dot = 0;
        for (let r = 0; r < rows; r++) dot += ci[r] * cj[r];
        if (dot !== 0) for (let r = 0; r < rows; r++) ci[r] -= dot * cj[r];
      }
      let norm = 0;
      for (let r = 0; r < rows; r++) norm += ci[r] * ci[r];
      norm = Math.sqrt(norm);
      const inv = norm > 1e-12 ? 1 / norm : 0;
      for (let r = 0; r < rows; r++) ci[r] *= inv;
    }
  }
  for (let r = 0; r < rows; r++) for (let i = 0; i < cols; i++) m[r * cols + i] = c[i * rows + r];
}

/**
 * Orthonormalises columns by Cholesky QR, twice (CholQR2): Gram matrix MᵀM, its Cholesky factor R,
 * then M·R⁻¹. Row-major and contiguous, about 4× cheaper than Gram-Schmidt on tall matrices; falls
 * back to Gram-Schmidt when the Gram matrix is too ill-conditioned to factor.
 */
export function cholQr(m: Float64Array, rows: number, cols: number): void {
  for (let pass = 0; pass < 2; pass++) {
    const g = gramUpper(m, rows, cols);
    // Upper-triangular R with RᵀR = G.
    const R = new Float64Array(cols * cols);
    let maxDiag = 0;
    for (let i = 0; i < cols; i++) maxDiag = Math.max(maxDiag, g[i * cols + i]);
    for (let i = 0; i < cols; i++) {
      let d = g[i * cols + i];
      for (let k = 0; k < i; k++) d -= R[k * cols + i] ** 2;
      if (!(d > maxDiag * 1e-13)) {
        orthonormalizeColumns(m, rows, cols);
        return;
      }
      const rii = Math.sqrt(d);
      R[i * cols + i] = rii;
      for (let j = i + 1; j < cols; j++) {
        let v = g[i * cols + j];
        for (let k = 0; k < i; k++) v -= R[k * cols + i] * R[k * cols + j];
        R[i * cols + j] = v / rii;
      }
    }
    // Each row x ← x·R⁻¹ by forward substitution (x_new·R = x_old), reading R by columns from a
    // transposed copy so the inner sum walks contiguous memory.
    const Rt = new Float64Array(cols * cols);
    for (let i = 0; i < cols; i++) for (let j = i; j < cols; j++) Rt[j * cols + i] = R[i * cols + j];
    const x = new Float64Array(cols);
    for (let r = 0; r < rows; r++) {
      const o = r * cols;
      for (let j = 0; j < cols; j++) {
        const rj = j * cols;
        let v0 = m[o + j];
        let v1 = 0;
        let k = 0;
        for (; k + 1 < j; k += 2) {
          v0 -= x[k] * Rt[rj + k];
          v1 -= x[k + 1] * Rt[rj + k + 1];
        }
        if (k < j) v0 -= x[k] * Rt[rj + k];
        x[j] = (v0 + v1) / Rt[rj + j];
      }
      for (let j = 0; j < cols; j++) m[o + j] = x[j];
    }
  }
}

/**
 * The upper triangle of MᵀM for a rows×cols row-major M. Four rows at a time: each update of the
 * Gram row then does four multiply-adds per load and store of g instead of one, and the Gram
 * matrix of the embedder's tall matrices was most of its training time.
 */
export function gramUpper(m: Float64Array, rows: number, cols: number): Float64Array {
  const g = new Float64Array(cols * cols);
  let r = 0;
  for (; r + 3 < rows; r += 4) {
    const o0 = r * cols;
    const o1 = o0 + cols;
    const o2 = o1 + cols;
    const o3 = o2 + cols;
    for (let i = 0; i < cols; i++) {
      const a0 = m[o0 + i];
      const a1 = m[o1 + i];
      const a2 = m[o2 + i];
      const a3 = m[o3 + i];
      if (a0 === 0 && a1 === 0 && a2 === 0 && a3 === 0) continue;
      const gi = i * cols;
      for (let j = i; j < cols; j++) g[gi + j] += a0 * m[o0 + j] + a1 * m[o1 + j] + a2 * m[o2 + j] + a3 * m[o3 + j];
    }
  }
  for (; r < rows; r++) {
    const o = r * cols;
    for (let i = 0; i < cols; i++) {
      const mi = m[o + i];
      if (mi === 0) continue;
      const gi = i * cols;
      for (let j = i; j < cols; j++) g[gi + j] += mi * m[o + j];
    }
  }
  return g;
}

/**
 * Eigen-decomposition of a symmetric n×n matrix by cyclic Jacobi rotations. Returns eigenvalues
 * descending and the matching eigenvectors as columns of a row-major n×n matrix.
 */
export function symmetricEigen(a: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const m = Float64Array.from(a);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += m[p * n + q] ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = m[p * n + q];
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (m[q * n + q] - m[p * n + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const mkp = m[k * n + p];
          const mkq = m[k * n + q];
          m[k * n + p] = c * mkp - s * mkq;
          m[k * n + q] = s * mkp + c * mkq;
        }
        for (let k = 0; k < n; k++) {
          const mpk = m[p * n + k];
          const mqk = m[q * n + k];
          m[p * n + k] = c * mpk - s * mqk;
          m[q * n + k] = s * mpk + c * mqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p];
          const vkq = v[k * n + q];
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = [...Array(n).keys()].sort((x, y) => m[y * n + y] - m[x * n + x]);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((src, dst) => {
    values[dst] = m[src * n + src];
    for (let k = 0; k < n; k++) vectors[k * n + dst] = v[k * n + src];
  });
  return { values, vectors };
}

/**
 * a[ao, ao+d) · b[bo, bo+d), in four independent sums: V8 does not vectorise, and four sums
 * double the throughput of one dependent chain.
 */
export function dotAt(a: Float32Array, ao: number, b: Float32Array, bo: number, d: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < d; i += 4) {
    s0 += a[ao + i] * b[bo + i];
    s1 += a[ao + i + 1] * b[bo + i + 1];
    s2 += a[ao + i + 2] * b[bo + i + 2];
    s3 += a[ao + i + 3] * b[bo + i + 3];
  }
  for (; i < d; i++) s0 += a[ao + i] * b[bo + i];
  return s0 + s1 + (s2 + s3);
}
