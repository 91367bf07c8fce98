// Append-only typed arrays that double as they grow: the building block of the in-memory indexes.

type TypedArray = Int32Array | Uint8Array | Float32Array | Float64Array | Uint32Array | Uint16Array;
type Ctor<T extends TypedArray> = { new (n: number): T };

export class Growable<T extends TypedArray> {
  data: T;
  length = 0;
  constructor(
    private readonly ctor: Ctor<T>,
    capacity = 1024,
  ) {
    this.data = new ctor(capacity);
  }
  push(v: number): void {
    if (this.length === this.data.length) this.reserve(this.length + 1);
    this.data[this.length++] = v;
  }
  /** Makes room for `n` elements in total without changing the length. */
  reserve(n: number): void {
    if (n <= this.data.length) return;
    const next = new this.ctor(Math.max(n, this.data.length * 2));
    next.set(this.data.subarray(0, this.length) as never);
    this.data = next;
  }
  /** Sets element `i`, growing (with zeros) when `i` is past the end. */
  set(i: number, v: number): void {
    if (i >= this.length) {
      this.reserve(i + 1);
      this.length = i + 1;
    }
    this.data[i] = v;
  }
  clear(): void {
    this.length = 0;
  }
  view(): T {
    return this.data.subarray(0, this.length) as T;
  }
}
