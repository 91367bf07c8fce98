// Health checks: is the database there.
import { sql, type Db } from '../db/db.ts';

/** A round trip to the database; throws when it is unreachable. */
export async function pingDatabase(db: Db): Promise<void> {
  await db.get(sql`SELECT 1 AS ok`);
}
