// The tiny database interface every store function takes; sqlite.ts and postgres.ts implement it.
import type { Sql } from 'sql-template-tag';
import type { CopyColumn } from './copy-binary.ts';

export { default as sql, join, raw, empty, bulk, Sql } from 'sql-template-tag';

export type Dialect = 'sqlite' | 'postgres';
export type Row = Record<string, unknown>;

export interface Db {
  readonly dialect: Dialect;
  /** All rows of a query. */
  all<T = Row>(query: Sql): Promise<T[]>;
  /** The first row, or undefined. */
  get<T = Row>(query: Sql): Promise<T | undefined>;
  /** Runs a statement; resolves to the number of rows it changed. */
  run(query: Sql): Promise<number>;
  /** Runs several `;`-separated statements without parameters (migrations only). */
  exec(script: string): Promise<void>;
  /**
   * Runs `fn` in one transaction: committed when it resolves, rolled back when it throws.
   * Nested calls join the outer transaction.
   */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  /**
   * PostgreSQL only: loads rows into a table with COPY FROM STDIN, the server's fastest way in
   * (a bulk import's batches go through it). Absent on SQLite, whose inserts are already local.
   */
  copyIn?(table: string, columns: readonly CopyColumn[], rows: Iterable<readonly unknown[]>): Promise<void>;
  /**
   * PostgreSQL only: calls `onNotify` for each NOTIFY on `channel`, on a connection of its own that
   * is re-opened when it drops (then `onReconnect` runs: notifications sent meanwhile are lost).
   */
  listen?(channel: string, onNotify: (payload: string) => void, onReconnect: () => void): Promise<{ close(): Promise<void> }>;
  close(): Promise<void>;
}

/** Opens the database a URL names: `sqlite:path`, `sqlite::memory:`, or `postgres://…[?schema=name]`. */
export async function openDb(url: string): Promise<Db> {
  if (url.startsWith('sqlite:')) {
    const { openSqlite } = await import('./sqlite.ts');
    return openSqlite(url.slice('sqlite:'.length));
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    const { openPostgres } = await import('./postgres.ts');
    return openPostgres(url);
  }
  throw new Error(`unsupported database URL (use sqlite:PATH or postgres://…): ${redactUrl(url)}`);
}

/** A URL safe to print: the password replaced by ***. */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
}
