// The tiny database interface every store function takes; sqlite.ts and postgres.ts implement
// it. Apart from db.ts (which opens one), so the drivers need not import what loads them.
import type { Sql } from 'sql-template-tag';
import type { CopyColumn } from './copy-binary.ts';

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
   * SQLite only, inside a transaction: runs one statement once per row of parameters,
   * synchronously, prepared once per connection (a bulk import's batches go through it: no
   * promise or query object per row). Absent on PostgreSQL, which has copyIn.
   */
  runMany?(text: string, rows: Iterable<unknown[]>): void;
  /**
   * PostgreSQL only: calls `onNotify` for each NOTIFY on `channel`, on a connection of its own that
   * is re-opened when it drops (then `onReconnect` runs: notifications sent meanwhile are lost).
   */
  listen?(channel: string, onNotify: (payload: string) => void, onReconnect: () => void): Promise<{ close(): Promise<void> }>;
  close(): Promise<void>;
}
