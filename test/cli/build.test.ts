// The build (`npm run build`, run by `npm install` as `prepare`): dist/ holds plain JavaScript
// that bin/paperboy runs with neither tsx nor esbuild installed — its commands, the migrations,
// the static files and the bundled parse worker all work from it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Development-only packages the built program must not need. */
const DEV_ONLY = new Set(['tsx', 'esbuild', '@esbuild', 'typescript', '.bin']);

let dir: string;
before(() => {
  // An install without the development tools: dist/, bin/ and node_modules minus DEV_ONLY.
  dir = mkdtempSync(join(tmpdir(), 'pb-build-'));
  const built = spawnSync(process.execPath, ['scripts/build.mjs', '--out', join(dir, 'dist')], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(built.status, 0, built.stderr);
  mkdirSync(join(dir, 'bin'));
  copyFileSync(join(ROOT, 'bin', 'paperboy'), join(dir, 'bin', 'paperboy'));
  writeFileSync(join(dir, 'package.json'), '{"type": "module"}\n');
  mkdirSync(join(dir, 'node_modules'));
  for (const name of readdirSync(join(ROOT, 'node_modules')).filter((n) => !DEV_ONLY.has(n))) {
    symlinkSync(join(ROOT, 'node_modules', name), join(dir, 'node_modules', name));
  }
});
after(() => rmSync(dir, { recursive: true, force: true }));

const env = () => ({ PATH: process.env.PATH, DATABASE_URL: `sqlite:${join(dir, 'p.db')}`, DEMO_DIR: '', PORT: '0' });
const paperboy = (...args: string[]) => spawnSync(process.execPath, [join(dir, 'bin', 'paperboy'), ...args], { env: env(), encoding: 'utf8' });

test('bin/paperboy runs the built JavaScript: help, and an import that applies the migrations', () => {
  const help = paperboy('--help');
  assert.equal(help.status, 0, help.stderr);
  assert.match(help.stdout, /^usage: paperboy <command>/);
  assert.equal(help.stderr, '', 'no fallback to the TypeScript sources');
  const file = join(dir, 'papers.jsonl');
  writeFileSync(file, '{"id": "2601.00001", "title": "Built and imported"}\n');
  const imported = paperboy('import', file);
  assert.equal(imported.status, 0, imported.stderr);
  assert.match(imported.stdout, /imported 1 papers: 1 new/);
});

test('the parse worker runs from its bundle in dist/', () => {
  const file = join(dir, 'many.jsonl.gz');
  writeFileSync(file, gzipSync(Array.from({ length: 500 }, (_, i) => JSON.stringify({ id: `2602.${String(i).padStart(5, '0')}`, title: `W ${i}` })).join('\n')));
  const script = `
    const { openDb } = await import(${JSON.stringify(join(dir, 'dist/db/db.js'))});
    const { migrate } = await import(${JSON.stringify(join(dir, 'dist/db/migrate.js'))});
    const { importPaths } = await import(${JSON.stringify(join(dir, 'dist/ingest/import.js'))});
    const db = await openDb(${JSON.stringify(`sqlite:${join(dir, 'w.db')}`)});
    await migrate(db);
    const r = await importPaths(db, [${JSON.stringify(file)}], { worker: true });
    await db.close();
    console.log(JSON.stringify([r.read, r.new, r.rejected]));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: dir, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), [500, 500, 0]);
});

test('serve from dist/ listens and serves pages and its static files', async () => {
  const child = spawn(process.execPath, [join(dir, 'bin', 'paperboy'), 'serve'], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const base = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d) => {
        out += d;
        const m = /listening on (http:\/\/\S+)/.exec(out);
        if (m) resolve(m[1]);
      });
      child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
    });
    assert.equal((await fetch(`${base}/`)).status, 200);
    const css = await fetch(`${base}/static/app.css`);
    assert.equal(css.status, 200);
    assert.match(await css.text(), /\{/);
  } finally {
    child.kill();
  }
});
