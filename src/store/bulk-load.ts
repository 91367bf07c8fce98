// Settings for the length of a bulk import, restored afterwards.
import { sql, type Db } from '../db/db.ts';

/** SQLite page cache while importing, in KiB (negative = KiB in SQLite's pragma). */
const IMPORT_CACHE_KIB = 8 * 1024;

/**
 * Prepares the connection for a bulk import and returns the function that undoes it. On SQLite
 * the page cache shrinks from 64 MB to 8 MB: an import writes each page once and rarely reads
 * it again, and the smaller cache keeps the import's peak memory ~60 MB lower (measured on
 * arxiv-cs, 8 MB against 16 MB and 64 MB) at no measurable cost in speed. PostgreSQL needs
 * nothing here.
 */
export async function beginBulkLoad(db: Db): Promise<() => Promise<void>> {
  if (db.dialect !== 'sqlite') return async () => {};
  const before = Number((await db.get<{ cache_size: number }>(sql`PRAGMA cache_size`))?.cache_size);
  await db.exec(`PRAGMA cache_size = -${IMPORT_CACHE_KIB}`);
  return async () => {
    // A number read from SQLite itself, so safe to write back into the pragma.
    await db.exec(`PRAGMA cache_size = ${Math.trunc(before)}`);
  };
}
