// The dependency rule (.dependency-cruiser.cjs) fails on a break: dependency-cruiser run with the
// project's configuration on small trees laid out like src/, one rule broken in each.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const CRUISER = join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Runs the project's rule over a tree of the given files; returns the exit code and output. */
function cruise(files: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'pb-depcheck-'));
  dirs.push(dir);
  copyFileSync(join(ROOT, 'tsconfig.json'), join(dir, 'tsconfig.json'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const r = spawnSync(process.execPath, [CRUISER, 'src', '--config', join(ROOT, '.dependency-cruiser.cjs')], { cwd: dir, encoding: 'utf8' });
  return { code: r.status, out: r.stdout + r.stderr };
}

const layered = {
  'src/db/db.ts': 'export const db = 1;\n',
  'src/model.ts': 'export type Paper = { id: string };\n',
  'src/store/papers.ts': "import { db } from '../db/db.ts';\nimport type { Paper } from '../model.ts';\nexport const get = (): Paper => ({ id: String(db) });\n",
  'src/search/rank.ts': "import { get } from '../store/papers.ts';\nexport const rank = () => [get()];\n",
  'src/web/format.ts': 'export const format = (s: string) => s;\n',
  'src/web/app.ts': "import { rank } from '../search/rank.ts';\nimport { format } from './format.ts';\nexport const app = () => rank().map((p) => format(p.id));\n",
};

test('a tree that keeps the rule passes', () => {
  const r = cruise(layered);
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /no dependency violations/);
});

test('a store module importing web/, a feature importing web/, a cycle and a command importing main.ts all fail', () => {
  const cases: [string, Record<string, string>, RegExp][] = [
    ['store reaches up', { 'src/store/papers.ts': "import { format } from '../web/format.ts';\nexport const get = () => format('x');\n" }, /store-only-db-and-model: src\/store\/papers\.ts → src\/web\/format\.ts/],
    ['feature imports web', { 'src/search/rank.ts': "import { format } from '../web/format.ts';\nexport const rank = () => [format('x')];\n" }, /no-web-below-web: src\/search\/rank\.ts → src\/web\/format\.ts/],
    ['cycle', { 'src/search/a.ts': "import { b } from './b.ts';\nexport const a = () => b;\n", 'src/search/b.ts': "import { a } from './a.ts';\nexport const b = () => a;\n" }, /no-cycles/],
    ['cli imports main', { 'src/main.ts': 'export type Ctx = { x: number };\n', 'src/cli/run.ts': "import type { Ctx } from '../main.ts';\nexport const run = (c: Ctx) => c.x;\n" }, /cli-not-main: src\/cli\/run\.ts → src\/main\.ts/],
  ];
  for (const [name, files, rule] of cases) {
    const r = cruise({ ...layered, ...files });
    assert.notEqual(r.code, 0, `${name}: ${r.out}`);
    assert.match(r.out, rule, name);
  }
});
