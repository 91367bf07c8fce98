// `paperboy backup PATH`: an online copy of the SQLite store, taken while another connection writes.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sqliteTestDatabase, type OpenedTestDb } from '../helpers/db.ts';
import { paperInput } from '../helpers/papers.ts';
import { upsertPapers, getPaper } from '../../src/store/papers.ts';
import { openDb, sql } from '../../src/db/db.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const papers = (from: number, n: number) =>
  Array.from({ length: n }, (_, i) => paperInput({ id: `2512.${String(from + i).padStart(5, '0')}`, title: `Paper ${from + i}`, publishedAt: Date.UTC(2025, 11, 1) }));

describe('paperboy backup', () => {
  let t: OpenedTestDb;
  let dir: string;
  before(async () => {
    t = await sqliteTestDatabase().open();
    dir = mkdtempSync(join(tmpdir(), 'paperboy-backup-'));
    await upsertPapers(t.db, papers(0, 2000));
  });
  after(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const cli = (args: string[], env: Record<string, string>) => spawnSync(process.execPath, ['bin/paperboy', 'backup', ...args], { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8' });

  test('copies the database while another connection keeps writing; the copy is one file that opens and checks ok', async () => {
    const path = join(dir, 'copy.db');
    const child = spawn(process.execPath, ['bin/paperboy', 'backup', path], { cwd: ROOT, env: { ...process.env, DATABASE_URL: t.url }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    // Writes go on while the backup runs.
    let next = 2000;
    let running = true;
    exited.then(() => (running = false));
    while (running) {
      await upsertPapers(t.db, papers(next, 50));
      next += 50;
      await new Promise((r) => setTimeout(r, 5));
    }
    assert.equal(await exited, 0, err);
    assert.match(out, /backed up .* to .*copy\.db: \d+ pages, [\d.]+ MB .*integrity checked/);
    assert.ok(!existsSync(`${path}-wal`), 'the backup is a single file');
    const copy = await openDb(`sqlite:${path}`);
    try {
      const n = Number((await copy.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM papers`))!.n);
      assert.ok(n >= 2000 && n <= next && n % 50 === 0, `a consistent state: whole batches only (${n})`);
      assert.equal((await getPaper(copy, '2512.00042'))?.title, 'Paper 42');
      assert.equal((await copy.get<{ quick_check: string }>(sql`PRAGMA quick_check`))!.quick_check, 'ok');
    } finally {
      await copy.close();
    }
  });

  test('refuses to overwrite a file, and explains pg_dump for PostgreSQL', () => {
    const existing = join(dir, 'exists.db');
    writeFileSync(existing, 'keep me');
    const r = cli([existing], { DATABASE_URL: t.url });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /already exists/);
    const pg = cli([join(dir, 'pg.dump')], { DATABASE_URL: 'postgres://user:secret@db.example/paperboy' });
    assert.equal(pg.status, 2);
    assert.match(pg.stderr, /pg_dump --format=custom --file=.*pg\.dump "postgres:\/\/user:\*\*\*@db\.example\/paperboy"/);
    assert.equal(cli([], { DATABASE_URL: t.url }).status, 2);
  });
});
