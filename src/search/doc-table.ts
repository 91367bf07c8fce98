// Internal document numbers ↔ paper ids, plus the per-paper facts search filters and sorts on.
import { Growable } from './growable.ts';

/** What the index keeps of a paper besides its text. */
export interface DocFacts {
  id: string;
  /** Epoch ms, or null when unknown. */
  publishedAt: number | null;
  categories: string[];
  hasCode: boolean;
  /** GitHub stars as last seen (0 when unknown). */
  stars: number;
  /** Hugging Face upvotes: the tie-break of the trending sort after the stored trending score. */
  trending: number;
  /** The store's modified_at of the indexed version: lets the change feed skip what is current. */
  modifiedAt: number;
}

/**
 * Papers get a new internal number each time they are (re)indexed; the old one is marked dead.
 * Numbers only grow, so posting lists stay sorted by appending.
 */
export class DocTable {
  ids: string[] = [];
  readonly byId = new Map<string, number>();
  readonly alive = new Growable(Uint8Array);
  readonly publishedAt = new Growable(Float64Array);
  readonly hasCode = new Growable(Uint8Array);
  readonly stars = new Growable(Int32Array);
  readonly trending = new Growable(Float64Array);
  readonly modifiedAt = new Growable(Float64Array);
  /** One bitset per category (32 docs a word): a category filter costs one bit test. */
  readonly categoryBits = new Map<string, Growable<Uint32Array>>();
  aliveCount = 0;

  get size(): number {
    return this.ids.length;
  }

  /** Registers a paper's new version; returns its number and the number it replaced (or -1). */
  add(facts: DocFacts): { doc: number; replaced: number } {
    const replaced = this.remove(facts.id);
    const doc = this.ids.length;
    this.ids.push(facts.id);
    this.byId.set(facts.id, doc);
    this.alive.set(doc, 1);
    this.publishedAt.set(doc, facts.publishedAt ?? Number.NaN);
    this.hasCode.set(doc, facts.hasCode ? 1 : 0);
    this.stars.set(doc, facts.stars);
    this.trending.set(doc, facts.trending);
    this.modifiedAt.set(doc, facts.modifiedAt);
    for (const c of facts.categories) {
      let bits = this.categoryBits.get(c);
      if (!bits) this.categoryBits.set(c, (bits = new Growable(Uint32Array)));
      const word = doc >>> 5;
      bits.set(word, (word < bits.length ? bits.data[word] : 0) | (1 << (doc & 31)));
    }
    this.aliveCount++;
    return { doc, replaced };
  }

  /** Marks a paper's current number dead; returns it, or -1 when the paper was not indexed. */
  remove(id: string): number {
    const doc = this.byId.get(id);
    if (doc === undefined) return -1;
    this.byId.delete(id);
    this.alive.data[doc] = 0;
    this.aliveCount--;
    return doc;
  }

  inCategory(doc: number, category: string): boolean {
    const bits = this.categoryBits.get(category);
    if (!bits) return false;
    const word = doc >>> 5;
    return word < bits.length && (bits.data[word] & (1 << (doc & 31))) !== 0;
  }
}

export interface SearchFilters {
  /** Inclusive bounds on the publication time, epoch ms. */
  from?: number;
  to?: number;
  /** Any of these categories (e.g. `cs.CL`). */
  categories?: string[];
  hasCode?: boolean;
  minStars?: number;
}

export type DocPredicate = (doc: number) => boolean;

/** A predicate over live documents that applies the filters; only alive checked when none. */
export function makeFilter(table: DocTable, f: SearchFilters = {}): DocPredicate {
  const alive = table.alive.data;
  const checks: DocPredicate[] = [];
  if (f.from !== undefined) checks.push((d) => table.publishedAt.data[d] >= f.from!);
  if (f.to !== undefined) checks.push((d) => table.publishedAt.data[d] <= f.to!);
  if (f.hasCode) checks.push((d) => table.hasCode.data[d] === 1);
  if (f.minStars !== undefined && f.minStars > 0) checks.push((d) => table.stars.data[d] >= f.minStars!);
  if (f.categories && f.categories.length) {
    const cats = f.categories;
    checks.push((d) => cats.some((c) => table.inCategory(d, c)));
  }
  if (checks.length === 0) return (d) => alive[d] === 1;
  return (d) => alive[d] === 1 && checks.every((c) => c(d));
}

export function hasFilters(f: SearchFilters = {}): boolean {
  return f.from !== undefined || f.to !== undefined || !!f.hasCode || (f.minStars ?? 0) > 0 || !!f.categories?.length;
}
