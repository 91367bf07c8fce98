// A map held within a byte bound, least recently used dropped first: what the kept gzip copies
// (page-gzip.ts, filled-gzip.ts) are stored in. The caller weighs each value.
export class ByteLru<V> {
  // Least recently used first (Map order).
  private readonly kept = new Map<string, { value: V; bytes: number }>();
  private total = 0;

  constructor(private readonly maxBytes: number) {}

  get(key: string): V | undefined {
    const e = this.kept.get(key);
    if (!e) return undefined;
    this.kept.delete(key);
    this.kept.set(key, e);
    return e.value;
  }

  /** Keeps `value`, weighing `bytes`, unless it alone would take more than a quarter of the bound. */
  set(key: string, value: V, bytes: number): void {
    if (bytes > this.maxBytes / 4) return;
    const old = this.kept.get(key);
    if (old) {
      this.total -= old.bytes;
      this.kept.delete(key);
    }
    this.kept.set(key, { value, bytes });
    this.total += bytes;
    while (this.total > this.maxBytes) {
      const [oldest, e] = this.kept.entries().next().value!;
      this.kept.delete(oldest);
      this.total -= e.bytes;
    }
  }

  stats(): { entries: number; bytes: number } {
    return { entries: this.kept.size, bytes: this.total };
  }
}
