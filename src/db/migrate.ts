// Applies the numbered .sql migrations of the database's dialect that have not run yet.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { sql, type Db } from './db.ts';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
// Any constant works; it only has to be the same in every process migrating one database.
const PG_MIGRATION_LOCK = 727_001;

export interface Migration {
  version: number;
  name: string;
  script: string;
}

/** The dialect's migrations in order; file names are `NNN_what.sql`. */
export function listMigrations(dialect: Db['dialect']): Migration[] {
  const dir = join(MIGRATIONS_DIR, dialect);
  const seen = new Map<number, string>();
  return readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .map((file) => {
      const m = /^(\d+)_([\w-]+)\.sql$/.exec(file);
      if (!m) throw new Error(`migration file name must be NNN_name.sql: ${dialect}/${file}`);
      const version = Number(m[1]);
      if (seen.has(version)) throw new Error(`two migrations numbered ${version}: ${seen.get(version)} and ${file}`);
      seen.set(version, file);
      return { version, name: m[2], script: readFileSync(join(dir, file), 'utf8') };
    })
    .sort((a, b) => a.version - b.version);
}

/** Migrations of this code that the database has not applied yet (all of them before the first migrate). */
export async function listPendingMigrations(db: Db): Promise<Migration[]> {
  let done: Set<number>;
  try {
    done = new Set((await db.all<{ version: number }>(sql`SELECT version FROM schema_migrations`)).map((r) => Number(r.version)));
  } catch {
    done = new Set(); // no schema_migrations table: nothing was ever applied
  }
  return listMigrations(db.dialect).filter((m) => !done.has(m.version));
}

/**
 * Runs the pending migrations, all in one transaction: a failing one leaves the schema as it was
 * before the run, none of the run applied. Returns the versions applied.
 */
export async function migrate(db: Db): Promise<number[]> {
  const migrations = listMigrations(db.dialect);
  const applied: number[] = [];
  const body = async (tx: Db) => {
    await tx.exec(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)',
    );
    const done = new Set((await tx.all<{ version: number }>(sql`SELECT version FROM schema_migrations`)).map((r) => r.version));
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      await tx.exec(m.script);
      await tx.run(sql`INSERT INTO schema_migrations (version, name, applied_at) VALUES (${m.version}, ${m.name}, ${Date.now()})`);
      applied.push(m.version);
    }
  };
  if (db.dialect === 'postgres') {
    // Several web and worker processes may start at once: the transaction-scoped advisory lock
    // makes the second wait for the first and then find nothing left to do.
    await db.transaction(async (tx) => {
      await tx.get(sql`SELECT pg_advisory_xact_lock(${PG_MIGRATION_LOCK})`);
      await body(tx);
    });
  } else {
    await db.transaction(body);
  }
  return applied;
}
