// Vectors in one WebAssembly memory, scored against a query by a SIMD loop: the vector scan's engine.
import { dotAt } from './linalg.ts';

/**
 * Float vectors stored back to back, with the query and a block of scores beside them in the
 * same WebAssembly memory, so `dots()` runs a WebAssembly SIMD loop over them: four float
 * multiply-adds an instruction, two independent sums. V8 does not vectorise JavaScript, and this
 * loop scans 128-dimension vectors ~5× faster than the best scalar loop (measured: 40,000 vectors
 * in 0.9 ms against 4.6 ms), which at a million papers was most of a semantic search's time.
 *
 * The module is 250 bytes, assembled below from named instructions, so it needs no toolchain and
 * no binary file. Where WebAssembly SIMD is unavailable, or the dimension is not a multiple of 8,
 * `dots()` runs the same loop in JavaScript.
 */
export class VectorSlab {
  /** Float index of the first vector in the memory: the query and the scores come first. */
  private readonly base: number;
  /** Float index of the scores dots() writes. */
  private readonly scoresAt: number;
  private readonly memory: WebAssembly.Memory;
  private readonly wasmDots: ((q: number, v: number, n: number, dimBytes: number, out: number) => void) | null;
  private view: Float32Array;
  /** Vector floats in use; the vectors are `data[0, length)`. */
  length = 0;

  constructor(
    readonly dim: number,
    capacityFloats = dim * 1024,
    /** false: always the JavaScript loop (tests compare the two). */
    useSimd = true,
  ) {
    // The query at 0, then DOTS_BLOCK scores, then the vectors: each part starts on 64 bytes.
    this.scoresAt = Math.ceil(dim / 16) * 16;
    this.base = this.scoresAt + DOTS_BLOCK;
    this.memory = new WebAssembly.Memory({ initial: pagesFor(this.base + capacityFloats) });
    this.wasmDots = useSimd && dim % 8 === 0 ? instantiateDots(this.memory) : null;
    this.view = new Float32Array(this.memory.buffer);
  }

  /** The vectors (and spare capacity after `length`); a new array after reserve() grows the memory. */
  get data(): Float32Array {
    return this.view.subarray(this.base);
  }

  /** Makes room for `floats` vector floats in total. */
  reserve(floats: number): void {
    const need = this.base + floats;
    if (need <= this.view.length) return;
    // Grow at least twofold, so a bulk load copies nothing and asks the system rarely.
    const pages = Math.max(pagesFor(need), Math.ceil((this.view.length * 2) / FLOATS_PER_PAGE));
    this.memory.grow(pages - this.memory.buffer.byteLength / PAGE_BYTES);
    this.view = new Float32Array(this.memory.buffer);
  }

  /** Sets the query the next dots() calls score against. */
  setQuery(query: Float32Array): void {
    this.view.set(query, 0);
  }

  /**
   * Dot products of the query with vectors from, from+1, … (at most DOTS_BLOCK of them): a view
   * of `count` scores, valid until the next call.
   */
  dots(from: number, count: number): Float32Array {
    const d = this.dim;
    const out = this.scoresAt;
    if (this.wasmDots) {
      this.wasmDots(0, (this.base + from * d) * 4, count, d * 4, out * 4);
    } else {
      const v = this.view;
      for (let i = 0; i < count; i++) v[out + i] = dotAt(v, this.base + (from + i) * d, v, 0, d);
    }
    return this.view.subarray(out, out + count);
  }

  /** True when dots() runs the WebAssembly SIMD loop. */
  get simd(): boolean {
    return this.wasmDots !== null;
  }
}

/** Most vectors one dots() call scores. */
export const DOTS_BLOCK = 1024;
const PAGE_BYTES = 65536;
const FLOATS_PER_PAGE = PAGE_BYTES / 4;

function pagesFor(floats: number): number {
  return Math.max(1, Math.ceil(floats / FLOATS_PER_PAGE));
}

let compiled: WebAssembly.Module | null | undefined;

function instantiateDots(memory: WebAssembly.Memory): VectorSlab['wasmDots'] {
  if (compiled === undefined) {
    const bytes = dotsModule();
    compiled = WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
  }
  if (!compiled) return null;
  const instance = new WebAssembly.Instance(compiled, { env: { memory } });
  return instance.exports.dots as VectorSlab['wasmDots'];
}

// ---- The module: dots(q, v, n, dimBytes, out), all byte addresses into the imported memory ----
// For each of n vectors at v, v + dimBytes, …: out[i] = Σ q[k]·v[k], in two f32x4 sums of
// alternating 16-byte halves (so dimBytes must be a multiple of 32), added lane by lane at the end.

const uleb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
};
const sleb = (n: number): number[] => {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && !(b & 0x40)) || (n === -1 && b & 0x40)) return [...out, b];
    out.push(b | 0x80);
  }
};
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const name = (s: string): number[] => vec([...new TextEncoder().encode(s)].map((b) => [b]));
const section = (id: number, bytes: number[]): number[] => [id, ...uleb(bytes.length), ...bytes];

const op = {
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  end: [0x0b],
  brIf: (depth: number) => [0x0d, depth],
  get: (l: number) => [0x20, l],
  set: (l: number) => [0x21, l],
  tee: (l: number) => [0x22, l],
  i32Const: (n: number) => [0x41, ...sleb(n)],
  i32Eqz: [0x45],
  i32LtU: [0x49],
  i32Add: [0x6a],
  i32Sub: [0x6b],
  f32Add: [0x92],
  f32Store: [0x38, 2, 0], // align 2^2, offset 0
  v128Load: (offset: number) => [0xfd, 0x00, 4, ...uleb(offset)], // align 2^4 (a hint only)
  v128Zero: [0xfd, 0x0c, ...new Array<number>(16).fill(0)],
  f32x4ExtractLane: (lane: number) => [0xfd, 0x1f, lane],
  f32x4Add: [0xfd, ...uleb(0xe4)],
  f32x4Mul: [0xfd, ...uleb(0xe6)],
};
const I32 = 0x7f;
const V128 = 0x7b;

function dotsModule(): Uint8Array<ArrayBuffer> {
  // Locals: the five parameters, then i, and the two sums.
  const [Q, V, N, D, OUT, I, A0, A1] = [0, 1, 2, 3, 4, 5, 6, 7];
  /** acc += v[i + offset] · q[i + offset], four lanes. */
  const fma = (acc: number, offset: number) => [
    ...op.get(acc),
    ...op.get(V), ...op.get(I), ...op.i32Add, ...op.v128Load(offset),
    ...op.get(Q), ...op.get(I), ...op.i32Add, ...op.v128Load(offset),
    ...op.f32x4Mul, ...op.f32x4Add, ...op.set(acc),
  ];
  const body = [
    ...op.block,
    ...op.get(N), ...op.i32Eqz, ...op.brIf(0),
    ...op.loop, // one vector
    ...op.v128Zero, ...op.set(A0),
    ...op.v128Zero, ...op.set(A1),
    ...op.i32Const(0), ...op.set(I),
    ...op.loop, // 32 bytes of it
    ...fma(A0, 0),
    ...fma(A1, 16),
    ...op.get(I), ...op.i32Const(32), ...op.i32Add, ...op.tee(I), ...op.get(D), ...op.i32LtU, ...op.brIf(0),
    ...op.end,
    ...op.get(OUT),
    ...op.get(A0), ...op.get(A1), ...op.f32x4Add, ...op.tee(A0), ...op.f32x4ExtractLane(0),
    ...op.get(A0), ...op.f32x4ExtractLane(1), ...op.f32Add,
    ...op.get(A0), ...op.f32x4ExtractLane(2), ...op.f32Add,
    ...op.get(A0), ...op.f32x4ExtractLane(3), ...op.f32Add,
    ...op.f32Store,
    ...op.get(OUT), ...op.i32Const(4), ...op.i32Add, ...op.set(OUT),
    ...op.get(V), ...op.get(D), ...op.i32Add, ...op.set(V),
    ...op.get(N), ...op.i32Const(1), ...op.i32Sub, ...op.tee(N), ...op.brIf(0),
    ...op.end,
    ...op.end,
    ...op.end,
  ];
  const func = [...vec([[1, I32], [2, V128]]), ...body];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // "\0asm", version 1
    ...section(1, vec([[0x60, ...vec([[I32], [I32], [I32], [I32], [I32]]), ...vec([])]])), // type: (i32 ×5) → ()
    ...section(2, vec([[...name('env'), ...name('memory'), 0x02, 0x00, 0x00]])), // import memory, min 0 pages
    ...section(3, vec([[0]])), // one function of type 0
    ...section(7, vec([[...name('dots'), 0x00, 0]])), // export it
    ...section(10, vec([[...uleb(func.length), ...func]])), // its code
  ]);
}
