// Words of a text as numbers through a cache, without making a string for every occurrence.
import { MAX_CHUNK, chunks } from './tokenize.ts';

const EMPTY = 0;

/**
 * Maps each chunk of a text (as `chunks()` splits it, case kept: case boundaries split names like
 * `DeepSeek`) to a number computed once per distinct chunk by `resolve` (the keyword index: stop
 * word → −1, a plain word → its stem's term number, a compound → its list of terms).
 *
 * Indexing a million abstracts reads ~100 million words. Taking them as strings (a regex match, a
 * substring each, then a Map lookup that hashes it) was most of the keyword build time and much
 * of its garbage. ASCII texts, nearly all abstracts, are scanned here char by char instead: each
 * word's hash is computed while scanning and looked up in an open-addressing table of the folded
 * bytes seen before; a string is made only for a word never seen. Other texts go through
 * `chunks()` and a Map, the same function behind both caches, so both give the same numbers.
 */
export class WordTable {
  private mask = (1 << 16) - 1;
  /** Open addressing: entry + 1, or EMPTY. */
  private slots = new Int32Array(1 << 16);
  private hashes = new Int32Array(1 << 15);
  private starts = new Int32Array(1 << 15);
  private lens = new Uint8Array(1 << 15);
  private values = new Int32Array(1 << 15);
  private chars = new Uint8Array(1 << 18);
  private entries = 0;
  private used = 0;
  private readonly others = new Map<string, number>();

  constructor(
    private readonly resolve: (word: string) => number,
    /** Distinct words kept; past this the caches start afresh (a bound on memory, nothing else). */
    private readonly maxEntries = 1_000_000,
    /** Told when the caches start afresh: numbers `resolve` gave before need not stay valid. */
    private readonly onReset: () => void = () => {},
  ) {}

  /** Appends the number of each word of `text`, in order, to `out`; returns how many it appended. */
  scan(text: string, out: number[]): number {
    const before = out.length;
    // eslint-disable-next-line no-control-regex
    if (!/^[\x00-\x7f]*$/.test(text)) {
      for (const w of chunks(text)) {
        let v = this.others.get(w);
        if (v === undefined) {
          if (this.others.size >= this.maxEntries) this.reset();
          this.others.set(w, (v = this.resolve(w)));
        }
        out.push(v);
      }
      return out.length - before;
    }
    const n = text.length;
    let i = 0;
    while (i < n) {
      let c = text.charCodeAt(i);
      if (!isAlnum(c)) {
        i++;
        continue;
      }
      const start = i;
      // FNV-1a over the chars, case kept; a connector joins when letters or digits follow it
      // (`-`, `_`), or digits stand on both sides (`.`): the CHUNK pattern of tokenize.ts.
      let h = 0x811c9dc5 | 0;
      for (;;) {
        h = Math.imul(h ^ c, 0x01000193);
        c = ++i < n ? text.charCodeAt(i) : 0;
        if (isAlnum(c)) continue;
        const next = i + 1 < n ? text.charCodeAt(i + 1) : 0;
        if ((c === 45 || c === 95) && isAlnum(next)) continue;
        if (c === 46 && isDigit(text.charCodeAt(i - 1)) && isDigit(next)) continue;
        break;
      }
      const len = i - start;
      if (len <= MAX_CHUNK) out.push(this.find(text, start, len, h));
    }
    return out.length - before;
  }

  private find(text: string, start: number, len: number, h: number): number {
    const mask = this.mask;
    let slot = h & mask;
    for (;;) {
      const e = this.slots[slot] - 1;
      if (e < 0) break;
      if (this.hashes[e] === h && this.lens[e] === len && this.sameChars(e, text, start, len)) return this.values[e];
      slot = (slot + 1) & mask;
    }
    if (this.entries >= this.maxEntries) this.reset();
    const value = this.resolve(text.slice(start, start + len));
    this.insert(text, start, len, h, value);
    return value;
  }

  private sameChars(e: number, text: string, start: number, len: number): boolean {
    const at = this.starts[e];
    for (let j = 0; j < len; j++) if (this.chars[at + j] !== text.charCodeAt(start + j)) return false;
    return true;
  }

  private insert(text: string, start: number, len: number, h: number, value: number): void {
    if ((this.entries + 1) * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    if (this.entries === this.hashes.length) this.growEntries();
    if (this.used + len > this.chars.length) {
      const chars = new Uint8Array(Math.max(this.chars.length * 2, this.used + len));
      chars.set(this.chars);
      this.chars = chars;
    }
    const e = this.entries++;
    this.hashes[e] = h;
    this.starts[e] = this.used;
    this.lens[e] = len;
    this.values[e] = value;
    for (let j = 0; j < len; j++) this.chars[this.used + j] = text.charCodeAt(start + j);
    this.used += len;
    let slot = h & this.mask;
    while (this.slots[slot] !== EMPTY) slot = (slot + 1) & this.mask;
    this.slots[slot] = e + 1;
  }

  private growEntries(): void {
    const grow = <T extends Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(a.length * 2);
      b.set(a);
      return b;
    };
    this.hashes = grow(this.hashes, (n) => new Int32Array(n));
    this.starts = grow(this.starts, (n) => new Int32Array(n));
    this.values = grow(this.values, (n) => new Int32Array(n));
    this.lens = grow(this.lens, (n) => new Uint8Array(n));
  }

  private rehash(size: number): void {
    this.slots = new Int32Array(size);
    this.mask = size - 1;
    for (let e = 0; e < this.entries; e++) {
      let slot = this.hashes[e] & this.mask;
      while (this.slots[slot] !== EMPTY) slot = (slot + 1) & this.mask;
      this.slots[slot] = e + 1;
    }
  }

  /** Both caches start afresh together, so every number handed out after comes from one era. */
  private reset(): void {
    this.slots.fill(EMPTY);
    this.entries = 0;
    this.used = 0;
    this.others.clear();
    this.onReset();
  }
}

/** ASCII letter or digit: what `[\p{L}\p{N}]` matches below 128. */
function isAlnum(c: number): boolean {
  const l = c | 32;
  return (c >= 48 && c <= 57) || (l >= 97 && l <= 122);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
