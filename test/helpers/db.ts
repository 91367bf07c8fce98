// Test databases: SQLite always, PostgreSQL too when TEST_DATABASE_URL is set (CI sets it).
// Each opened database is empty and migrated; PostgreSQL ones live in a throwaway schema.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDb, type Db } from '../../src/db/db.ts';
import { migrate } from '../../src/db/migrate.ts';

export interface TestDatabase {
  name: 'sqlite' | 'postgres';
  /** A fresh, migrated database and its URL (for child processes); call close() when done. */
  open(): Promise<OpenedTestDb>;
}

export interface OpenedTestDb {
  db: Db;
  url: string;
  close(): Promise<void>;
}

export const testPostgresUrl = process.env.TEST_DATABASE_URL || null;

export function sqliteTestDatabase(): TestDatabase {
  return {
    name: 'sqlite',
    async open() {
      const dir = mkdtempSync(join(tmpdir(), 'paperboy-test-'));
      const url = `sqlite:${join(dir, 'test.db')}`;
      const db = await openDb(url);
      await migrate(db);
      return {
        db,
        url,
        async close() {
          await db.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  };
}

export function postgresTestDatabase(baseUrl: string): TestDatabase {
  return {
    name: 'postgres',
    async open() {
      const schema = `t_${randomBytes(6).toString('hex')}`;
      const u = new URL(baseUrl);
      u.searchParams.set('schema', schema);
      const url = u.toString();
      const db = await openDb(url);
      await migrate(db);
      return {
        db,
        url,
        async close() {
          await db.close();
          const client = new pg.Client({ connectionString: baseUrl });
          await client.connect();
          await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
          await client.end();
        },
      };
    },
  };
}

/**
 * The database of the page, API, feed, CLI and browser suites. They run twice in CI: on SQLite,
 * then (scripts/test.mjs sets TEST_SUITE_DB=postgres) on PostgreSQL, so what a visitor sees is
 * proven on both, not only the store underneath.
 */
export function suiteTestDatabase(): TestDatabase {
  if (process.env.TEST_SUITE_DB === 'postgres') {
    if (!testPostgresUrl) throw new Error('TEST_SUITE_DB=postgres needs TEST_DATABASE_URL');
    return postgresTestDatabase(testPostgresUrl);
  }
  return sqliteTestDatabase();
}

/** Every database the store suite must pass on here. */
export function testDatabases(): TestDatabase[] {
  const list = [sqliteTestDatabase()];
  if (testPostgresUrl) list.push(postgresTestDatabase(testPostgresUrl));
  return list;
}

/** Where the recorded real data lives; tests that need it skip with this reason when absent. */
export const sharedData = new URL('../../../shared/data/', import.meta.url).pathname;
