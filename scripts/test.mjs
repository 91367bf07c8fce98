// Type-checks, then runs every test/**/*.test.ts with node:test (Node 20 has no --test globs).
// Usage: npm test [-- FILTER...]   FILTER keeps files whose path contains any of the words.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const filters = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const skipTypecheck = process.argv.includes('--no-typecheck') || filters.length > 0;

function findTests(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...findTests(path));
    else if (name.endsWith('.test.ts') || name.endsWith('.test.tsx')) out.push(path);
  }
  return out.sort();
}

if (!skipTypecheck) {
  console.log('# typecheck (tsc --noEmit)');
  const tsc = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', '.'], { stdio: 'inherit' });
  if (tsc.status !== 0) process.exit(tsc.status ?? 1);
}

const files = findTests('test').filter((f) => filters.length === 0 || filters.some((w) => f.includes(w)));
if (files.length === 0) {
  console.error(`no test files match ${filters.join(' ')}`);
  process.exit(1);
}
const concurrency = process.env.TEST_CONCURRENCY ?? '2';
function runFiles(list, env) {
  return spawnSync(
    process.execPath,
    // A test that hangs fails after 5 minutes, and a file whose tests are done exits even if a
    // helper process or socket was left behind: CI reports a failure instead of waiting forever.
    ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-timeout=300000', '--test-force-exit', '--test-reporter=spec', ...list],
    { stdio: 'inherit', env: { ...process.env, ...env } },
  ).status ?? 1;
}
let status = runFiles(files, {});
// The page, API, feed, CLI and browser suites open their database with suiteTestDatabase(): with
// PostgreSQL available they run a second time on it, so both databases serve what visitors see.
const suites = files.filter((f) => /suiteTestDatabase|openWebFixture/.test(readFileSync(f, 'utf8')));
if (process.env.TEST_DATABASE_URL && suites.length && process.env.TEST_SUITE_DB !== 'postgres') {
  console.log(`# the same ${suites.length} page/API/feed/CLI suites on PostgreSQL`);
  status = runFiles(suites, { TEST_SUITE_DB: 'postgres' }) || status;
}
process.exit(status);
