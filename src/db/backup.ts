// Online backup of a SQLite store: a consistent copy taken while other processes keep writing.
import { renameSync, rmSync, statSync } from 'node:fs';
import { sql, openDb, type Db } from './db.ts';
import { sqliteHandle } from './sqlite.ts';

export interface BackupResult {
  pages: number;
  bytes: number;
}

/**
 * Copies the open SQLite database to `path` with SQLite's online backup API (better-sqlite3's
 * `backup()`), which copies page by page and restarts when a writer changes a page already copied,
 * so the copy is one consistent state. It is written beside the destination, checked with
 * `PRAGMA quick_check`, and only then renamed into place: a failed backup never leaves a file
 * that looks like a good one.
 */
export async function backupSqlite(db: Db, path: string): Promise<BackupResult> {
  const handle = sqliteHandle(db);
  if (!handle) throw new Error('backupSqlite needs a SQLite database');
  const partial = `${path}.partial-${process.pid}`;
  try {
    const progress = await handle.backup(partial);
    const copy = await openDb(`sqlite:${partial}`);
    try {
      const check = await copy.get<{ quick_check: string }>(sql`PRAGMA quick_check`);
      if (check?.quick_check !== 'ok') throw new Error(`the copy failed its integrity check: ${check?.quick_check}`);
      // The copy is in WAL mode like its source; fold the log into the file so PATH alone is the backup.
      await copy.exec('PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE');
    } finally {
      await copy.close();
    }
    renameSync(partial, path);
    return { pages: progress.totalPages, bytes: statSync(path).size };
  } catch (err) {
    rmSync(partial, { force: true });
    rmSync(`${partial}-wal`, { force: true });
    rmSync(`${partial}-shm`, { force: true });
    throw err;
  }
}
