// Opens the configured database and brings its schema up to date: what every command starts with.
import { openDb, type Db } from './db/db.ts';
import { migrate } from './db/migrate.ts';
import type { Config } from './config.ts';

export async function openStore(config: Config): Promise<Db> {
  const db = await openDb(config.databaseUrl);
  try {
    await migrate(db);
  } catch (err) {
    await db.close();
    throw err;
  }
  return db;
}
