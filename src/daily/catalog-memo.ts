// Facts of the catalog that change only with it (the latest featured day, the featured days around
// a period, how many papers a period has), kept per catalog version: a Daily Papers page or API
// answer read five of them per request, on PostgreSQL a round trip each, for one read of the version.
import type { Db } from '../db/db.ts';
import { getCatalogVersion } from '../store/data-version.ts';

export interface CatalogFacts {
  /**
   * The kept value of `key` for this version of the catalog, computed once (callers arriving while
   * it is computed share it); not kept when it fails or `keep` says no.
   */
  get<T>(key: string, compute: () => Promise<T>, keep?: (value: T) => boolean): Promise<T>;
}

export interface CatalogMemo {
  /** The facts kept for the catalog as it is now (one read of its version). */
  now(db: Db): Promise<CatalogFacts>;
  /**
   * The facts kept for the version last read, without reading it (null when none is kept, or they
   * are older than maxAgeMs): for a caller that reads the version in its own statement, on
   * PostgreSQL one round trip less, and uses them only when the version it read is this one.
   */
  last(): (CatalogFacts & { version: number }) | null;
  /**
   * Drops every kept fact: for writes that change them without an import (a curator hiding a paper
   * changes a period's count), here and when another process announces one; others' are seen within maxAgeMs.
   */
  forget(): void;
}

export function createCatalogMemo(opts: { maxAgeMs: number; maxKeys?: number; now?: () => number }): CatalogMemo {
  const now = opts.now ?? Date.now;
  const maxKeys = opts.maxKeys ?? 2000;
  let current: { version: number; storedAt: number; kept: Map<string, Promise<unknown>> } | null = null;
  // The facts of one version, kept in its map.
  const factsOf = (kept: Map<string, Promise<unknown>>): CatalogFacts => ({
    get<T>(key: string, compute: () => Promise<T>, keep?: (value: T) => boolean): Promise<T> {
      const known = kept.get(key) as Promise<T> | undefined;
      if (known) return known;
      const value = compute();
      kept.set(key, value);
      if (kept.size > maxKeys) kept.delete(kept.keys().next().value!);
      // A forget() while this runs has already dropped the map it is kept in.
      const drop = () => void (kept.get(key) === value && kept.delete(key));
      value.then((v) => keep && !keep(v) && drop(), drop);
      return value;
    },
  });
  return {
    async now(db) {
      const version = await getCatalogVersion(db);
      if (!current || current.version !== version || now() - current.storedAt >= opts.maxAgeMs) current = { version, storedAt: now(), kept: new Map() };
      return factsOf(current.kept);
    },
    last() {
      if (!current || now() - current.storedAt >= opts.maxAgeMs) return null;
      return { version: current.version, ...factsOf(current.kept) };
    },
    forget() {
      current = null;
    },
  };
}
