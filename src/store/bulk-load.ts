// Settings for the length of a bulk import, restored afterwards.
import type { Db } from '../db/db.ts';
import { sqliteHandle } from '../db/sqlite.ts';

/** SQLite page cache while importing, in KiB (negative = KiB in SQLite's pragma). */
const IMPORT_CACHE_KIB = 8 * 1024;

/**
 * Prepares the connection for a bulk import and returns the function that undoes it. On SQLite
 * the page cache shrinks from 64 MB to 8 MB: an import writes each page once and rarely reads
 * it again, and the smaller cache keeps the import's peak memory ~60 MB lower (measured on
 * arxiv-cs, 8 MB against 16 MB and 64 MB) at no measurable cost in speed. PostgreSQL needs
 * nothing here.
 */
export function beginBulkLoad(db: Db): () => void {
  const handle = sqliteHandle(db);
  if (!handle) return () => {};
  const before = handle.pragma('cache_size', { simple: true }) as number;
  handle.pragma(`cache_size = -${IMPORT_CACHE_KIB}`);
  return () => {
    handle.pragma(`cache_size = ${before}`);
  };
}
