// SQL for throwaway PostgreSQL schemas: evaluation runs in one so it never touches real data.
import type { Db } from '../db/db.ts';

/** Drops a schema and everything in it. A schema name cannot be a bound parameter, so it is checked. */
export async function dropScratchSchema(db: Db, schema: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name: ${schema}`);
  await db.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
}
