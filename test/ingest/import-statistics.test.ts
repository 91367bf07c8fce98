// PostgreSQL: an import that adds many papers refreshes the planner's statistics, so the pages'
// queries are planned for the table as it now is (the test server runs with autovacuum off, as
// some do; and autovacuum lags a bulk import anyway). A small import leaves them to autovacuum.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { sql } from '../../src/db/db.ts';
import { main } from '../../src/main.ts';
import { STATISTICS_AFTER_PAPERS } from '../../src/store/bulk-load.ts';
import { testPostgresUrl, postgresTestDatabase, type OpenedTestDb } from '../helpers/db.ts';

describe('planner statistics after a bulk import (postgres)', { skip: testPostgresUrl ? false : 'TEST_DATABASE_URL is not set' }, () => {
  let t: OpenedTestDb;
  let dir: string;
  const prev = process.env.DATABASE_URL;
  before(async () => {
    t = await postgresTestDatabase(testPostgresUrl!).open();
    dir = mkdtempSync(join(tmpdir(), 'pb-stats-'));
    process.env.DATABASE_URL = t.url;
  });
  after(async () => {
    if (prev === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = prev;
    rmSync(dir, { recursive: true, force: true });
    await t?.close();
  });

  const papersFile = (name: string, from: number, n: number) => {
    const path = join(dir, name);
    const lines = Array.from({ length: n }, (_, i) => JSON.stringify({ id: `2702.${String(from + i).padStart(5, '0')}`, title: `Paper ${from + i}`, abstract: 'Text.', categories: ['cs.LG'] }));
    writeFileSync(path, `${lines.join('\n')}\n`);
    return path;
  };
  const importFile = async (path: string) => {
    const out = new PassThrough().resume();
    assert.equal(await main(['import', path], { stdout: out, stderr: new PassThrough().resume() }), 0);
  };
  /** When `papers` was last analysed by hand (not autovacuum); the views may lag the import's backend by a moment. */
  const lastAnalyzed = async (expectSet: boolean): Promise<number | null> => {
    for (let i = 0; ; i++) {
      const row = await t.db.get<{ at: string | null }>(sql`SELECT last_analyze AS at FROM pg_stat_user_tables WHERE schemaname = current_schema() AND relname = 'papers'`);
      if ((row?.at != null) === expectSet || i === 30) return row?.at == null ? null : Date.parse(row.at);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  it('a small import leaves them; one of many papers refreshes them', { timeout: 60_000 }, async () => {
    await importFile(papersFile('small.jsonl', 1, 10));
    assert.equal(await lastAnalyzed(false), null);
    await importFile(papersFile('large.jsonl', 100, STATISTICS_AFTER_PAPERS));
    assert.notEqual(await lastAnalyzed(true), null, 'papers analysed after the large import');
  });
});
