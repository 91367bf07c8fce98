// The SQLite implementation of Db (better-sqlite3): the embedded default, one file, no server.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Db, Row } from './types.ts';
import type { Sql } from 'sql-template-tag';

type Statement = Database.Statement<unknown[], Row>;

/** better-sqlite3 binds booleans as errors and undefined as errors; store them as SQLite does. */
function bindable(values: unknown[]): unknown[] {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === 'boolean') values[i] = v ? 1 : 0;
    else if (v === undefined) values[i] = null;
  }
  return values;
}

export function openSqlite(path: string): Db {
  if (path !== ':memory:' && path !== '') mkdirSync(dirname(path), { recursive: true });
  const raw = new Database(path === '' ? ':memory:' : path);
  // WAL lets the web server read while an import or worker writes; NORMAL sync is durable in WAL
  // mode except for the last transactions on power loss, the usual trade for an embedded store.
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  raw.pragma('foreign_keys = ON');
  raw.pragma('busy_timeout = 10000');
  raw.pragma('cache_size = -65536');
  // Checkpoint the WAL every 64 MB instead of every 4 MB: each checkpoint fsyncs, and a bulk
  // import committing a batch at a time otherwise pays one fsync per batch.
  raw.pragma('wal_autocheckpoint = 16384');
  const cache = new Map<string, Statement>();
  const prepare = (text: string): Statement => {
    let stmt = cache.get(text);
    if (!stmt) {
      stmt = raw.prepare(text) as Statement;
      if (cache.size > 500) cache.clear();
      cache.set(text, stmt);
    }
    return stmt;
  };

  // One connection serves the whole process. While a transaction awaits, other callers must not
  // slip their statements into it, so they wait for it to finish (`busy`).
  let busy: Promise<unknown> | null = null;

  const make = (inTx: boolean): Db => {
    const db: Db = {
      dialect: 'sqlite',
      async all<T>(q: Sql) {
        while (!inTx && busy) await busy.catch(() => {});
        const stmt = prepare(q.sql);
        return (stmt.reader ? stmt.all(...bindable(q.values)) : (stmt.run(...bindable(q.values)), [])) as T[];
      },
      async get<T>(q: Sql) {
        while (!inTx && busy) await busy.catch(() => {});
        const stmt = prepare(q.sql);
        if (!stmt.reader) {
          stmt.run(...bindable(q.values));
          return undefined;
        }
        return stmt.get(...bindable(q.values)) as T | undefined;
      },
      async run(q: Sql) {
        while (!inTx && busy) await busy.catch(() => {});
        return prepare(q.sql).run(...bindable(q.values)).changes;
      },
      async exec(script: string) {
        while (!inTx && busy) await busy.catch(() => {});
        raw.exec(script);
      },
      runMany(text: string, rows: Iterable<unknown[]>) {
        // Synchronous, so it cannot wait its turn: only a transaction's own Db may run it.
        if (!inTx) throw new Error('runMany runs inside a transaction');
        const stmt = prepare(text);
        for (const values of rows) stmt.run(bindable(values));
      },
      async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
        if (inTx) return fn(db);
        // Check and claim `busy` with no await in between: two transactions started in the same
        // tick must not both reach BEGIN (SQLite refuses a transaction within a transaction).
        while (busy) await busy.catch(() => {});
        const work = (async () => {
          raw.exec('BEGIN IMMEDIATE');
          try {
            const result = await fn(txDb);
            raw.exec('COMMIT');
            return result;
          } catch (err) {
            if (raw.inTransaction) raw.exec('ROLLBACK');
            throw err;
          }
        })();
        busy = work;
        try {
          return await work;
        } finally {
          if (busy === work) busy = null;
        }
      },
      async close() {
        while (!inTx && busy) await busy.catch(() => {});
        raw.close();
      },
    };
    return db;
  };
  const txDb = make(true);
  const db = make(false);
  return Object.assign(db, { raw });
}

/** The underlying better-sqlite3 handle, for benchmarks that compare against raw statements (the store goes through Db). */
export function sqliteHandle(db: Db): Database.Database | null {
  return (db as Db & { raw?: Database.Database }).raw ?? null;
}
