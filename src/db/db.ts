// The database every store function takes (interface in types.ts) and how to open one.
import type { Db } from './types.ts';

export { default as sql, join, raw, empty, bulk, Sql } from 'sql-template-tag';

export type { Db, Dialect, Row } from './types.ts';

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
