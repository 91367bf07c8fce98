// Type-checks, checks the dependency rule, then runs every test/**/*.test.ts with node:test (Node 20 has no --test globs), and
// ends with how many tests ran and which were skipped, grouped by reason.
// Usage: npm test [-- FILTER...]   FILTER keeps files whose path contains any of the words.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';

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
  // The dependency rule (.dependency-cruiser.cjs, ARCHITECTURE.md): a break fails the run.
  console.log('# dependency rule (npm run depcheck)');
  const cruise = spawnSync(process.execPath, ['node_modules/dependency-cruiser/bin/dependency-cruise.mjs', 'src', '--config', '.dependency-cruiser.cjs'], { stdio: 'inherit' });
  if (cruise.status !== 0) process.exit(cruise.status ?? 1);
}

const files = findTests('test').filter((f) => filters.length === 0 || filters.some((w) => f.includes(w)));
if (files.length === 0) {
  console.error(`no test files match ${filters.join(' ')}`);
  process.exit(1);
}
const concurrency = process.env.TEST_CONCURRENCY ?? '2';
// Each run's output is passed through as it comes, and kept to list the skipped tests at the end:
// a green run that skipped tests says how many and why.
const outputs = [];
async function runFiles(list, env) {
  const run = spawn(
    process.execPath,
    // A test that hangs fails after 5 minutes, and a file whose tests are done exits even if a
    // helper process or socket was left behind: CI reports a failure instead of waiting forever.
    ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-timeout=300000', '--test-force-exit', '--test-reporter=spec', ...list],
    { stdio: ['inherit', 'pipe', 'inherit'], env: { ...process.env, ...env } },
  );
  let output = '';
  run.stdout.on('data', (chunk) => {
    process.stdout.write(chunk);
    output += chunk;
  });
  const [code] = await once(run, 'close');
  outputs.push(output);
  return code ?? 1;
}
let status = await runFiles(files, {});
// The page, API, feed, CLI and browser suites open their database with suiteTestDatabase(): with
// PostgreSQL available they run a second time on it, so both databases serve what visitors see.
const suites = files.filter((f) => /suiteTestDatabase|openWebFixture/.test(readFileSync(f, 'utf8')));
if (process.env.TEST_DATABASE_URL && suites.length && process.env.TEST_SUITE_DB !== 'postgres') {
  console.log(`# the same ${suites.length} page/API/feed/CLI suites on PostgreSQL`);
  status = (await runFiles(suites, { TEST_SUITE_DB: 'postgres' })) || status;
}
printSkipSummary(outputs);
process.exit(status);

function printSkipSummary(runs) {
  // The last `ℹ pass N` line of a run is its total (a file that fails to load reports its own).
  const count = (text, label) => Number([...text.matchAll(new RegExp(`^ℹ ${label} (\\d+)$`, 'gm'))].at(-1)?.[1] ?? 0);
  const ran = runs.reduce((n, text) => n + count(text, 'pass') + count(text, 'fail'), 0);
  const byReason = new Map();
  // The spec reporter prints a skipped test or suite as `﹣ name (1.2ms) # reason`.
  for (const m of runs.join('\n').matchAll(/^\s*﹣ (.*) \([\d.]+m?s\) # (.*)$/gm)) {
    if (!byReason.has(m[2])) byReason.set(m[2], []);
    byReason.get(m[2]).push(m[1]);
  }
  const skipped = [...byReason.values()].reduce((n, names) => n + names.length, 0);
  console.log(`\n# ${ran} tests ran, ${skipped} skipped (a skipped suite counts once)${runs.length > 1 ? `, over ${runs.length} runs` : ''}`);
  for (const [reason, names] of byReason) {
    console.log(`#   ${names.length} skipped: ${reason}`);
    for (const name of names) console.log(`#     - ${name}`);
  }
}
