// Papers by author name: exact (folded) names → document numbers, for `author:` and author pages.
import { Growable } from './growable.ts';
import { foldText } from './tokenize.ts';

/**
 * The key a name (or a title) is looked up by: folded (case, accents), every run of punctuation
 * and space one space. `Yann LeCun` meets `yann  lecun`, `Jean-Paul` meets `Jean Paul`.
 */
export function authorKey(name: string): string {
  return foldText(String(name ?? ''))
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .slice(0, 200);
}

/** FNV-1a of a key: the index keeps 32-bit hashes, not names (a million authors' strings would cost more than their papers). */
export function hashKey(key: string): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h;
}

/**
 * Per author hash, a chain of entries newest first (entry → document, previous entry). Two names
 * may share a hash; callers check the paper's author list before showing it (see service).
 */
export class AuthorIndex {
  private readonly head = new Map<number, number>();
  private readonly entryDoc = new Growable(Int32Array, 1 << 14);
  private readonly entryPrev = new Growable(Int32Array, 1 << 14);

  add(doc: number, authors: readonly string[]): void {
    const seen = new Set<number>();
    for (const a of authors) {
      const key = authorKey(a);
      if (!key) continue;
      const h = hashKey(key);
      if (seen.has(h)) continue;
      seen.add(h);
      const e = this.entryDoc.length;
      this.entryDoc.push(doc);
      this.entryPrev.push(this.head.get(h) ?? -1);
      this.head.set(h, e);
    }
  }

  /** Documents listed under this key (possibly dead or a hash neighbour's: the caller filters), newest number first. */
  docs(key: string, limit = Infinity): number[] {
    const out: number[] = [];
    for (let e = this.head.get(hashKey(key)) ?? -1; e >= 0 && out.length < limit; e = this.entryPrev.data[e]) out.push(this.entryDoc.data[e]);
    return out;
  }

  has(key: string): boolean {
    return key !== '' && this.head.has(hashKey(key));
  }
}
