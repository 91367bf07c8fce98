// `npm run bench -- http-import [--duration S] [--rounds R] [--connections N] [--import N] [--catchup S]`:
// (the quiet-and-importing companion of bench/http.ts, which measures members, votes and PostgreSQL)
// requests/s and p99 latency of the main pages and API over a 60k-paper corpus, side by side with
// a constant-string route on the same server (the framework's floor), measured with autocannon on
// loopback; then the same routes while `paperboy import` writes N (100,000) new papers into a copy
// of the corpus and the server's search thread indexes them, p99 beside the quiet run's.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { copyFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { measure, median, option, type Measured, type Target } from './_http-measure.ts';
import { openDb, sql } from '../src/db/db.ts';
import { benchCorpus } from './_corpus.ts';
import { benchImportFile } from './_import-file.ts';

export async function run(args: string[]): Promise<void> {
  const seconds = option(args, 'duration', 3);
  const rounds = option(args, 'rounds', 3);
  const connections = option(args, 'connections', 50);
  const dbPath = await benchCorpus((s) => process.stderr.write(s));
  const db = await openDb(`sqlite:${dbPath}`);
  const ids = (await db.all<{ id: string }>(
    // A spread of real ids (papers with and without Daily Papers facts), chosen once per run.
    sql`SELECT id FROM papers ORDER BY (CAST(SUBSTR(id, 6) AS INTEGER) * 7919) % 1009 LIMIT 200`,
  )).map((r) => r.id);
  const total = (await db.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM papers`))!.n;
  await db.close();

  console.log(`# bench http: ${total} papers, ${connections} connections, ${rounds} rounds of ${seconds} s per route (medians), loopback, server in a child process`);
  console.log('# the machine is shared (2 cores, other jobs running): compare rows of the same run, not absolute numbers');
  let quiet: Map<string, Measured[]> | null = null;
  for (const cache of [true, false]) {
    console.log(`\n## response cache ${cache ? 'on (default)' : 'off (RESPONSE_CACHE_ENTRIES=0): every request queries and renders'}`);
    const runs = await runServer(dbPath, cache, ids, seconds, connections, rounds);
    quiet ??= runs;
  }
  const importCount = option(args, 'import', 100_000);
  if (importCount > 0) await runWhileImporting(dbPath, ids, seconds, connections, importCount, option(args, 'catchup', 30), quiet!);
}

async function startServer(dbPath: string, cache: boolean): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', new URL('./_http-server.ts', import.meta.url).pathname, dbPath, cache ? '2000' : '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
  return { child, base: `http://127.0.0.1:${chunk.toString().trim()}` };
}

async function stopServer(child: ChildProcess): Promise<void> {
  child.kill('SIGTERM');
  await once(child, 'exit');
}

async function targetsFor(base: string, ids: string[]): Promise<Target[]> {
  const probe = await fetch(`${base}/search?q=transformer`);
  const targets: Target[] = [
    { name: 'constant route (floor)', paths: ['/__bench/constant'] },
    { name: '/ (trending week)', paths: ['/'] },
    { name: '/papers/{id}', paths: ids.map((id) => `/papers/${id}`) },
    { name: '/api/daily_papers', paths: ['/api/daily_papers', '/api/daily_papers?week=2025-W52', '/api/daily_papers?month=2025-11&p=1'] },
  ];
  if (probe.status === 200) targets.push({ name: '/search?q=', paths: ['transformer', 'diffusion model', 'graph neural network', 'reinforcement learning'].map((q) => `/search?q=${encodeURIComponent(q)}`) });
  if (probe.status !== 200) console.log(`# /search?q= skipped: the server answers ${probe.status} (the search feature adds the page)`);
  return targets;
}

/**
 * The same routes while `paperboy import` (a separate process, as an operator runs it) writes
 * `count` new papers into a copy of the corpus: rounds over every route continue until the import
 * is done and `catchup` seconds more, while the server's search thread indexes what arrived.
 */
async function runWhileImporting(dbPath: string, ids: string[], seconds: number, connections: number, count: number, catchup: number, quiet: Map<string, Measured[]>) {
  const file = await benchImportFile(count, (s) => process.stderr.write(s));
  const copy = join(tmpdir(), `paperboy-bench-http-${process.pid}.db`);
  copyFileSync(dbPath, copy);
  const { child, base } = await startServer(copy, true);
  const runs = new Map<string, Measured[]>();
  try {
    const targets = await targetsFor(base, ids);
    for (const target of targets) await measure(base, target, 1, connections);
    const started = Date.now();
    const importer = spawn(process.execPath, [new URL('../bin/paperboy', import.meta.url).pathname, 'import', file, '--json'], {
      env: { ...process.env, DATABASE_URL: `sqlite:${copy}`, DEMO_DIR: '' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let summary = '';
    importer.stdout!.on('data', (c: Buffer) => (summary += c.toString()));
    let importedAt: number | null = null;
    importer.once('exit', () => (importedAt = Date.now()));
    while (importedAt === null || Date.now() < importedAt + catchup * 1000) {
      for (const target of targets) {
        const list = runs.get(target.name) ?? runs.set(target.name, []).get(target.name)!;
        list.push(await measure(base, target, seconds, connections));
      }
    }
    const line = summary.trim().split('\n').at(-1) ?? '';
    console.log(`\n## while importing ${count.toLocaleString('en-US')} papers (response cache on; import took ${(((importedAt ?? Date.now()) - started) / 1000).toFixed(1)} s, then ${catchup} s of index catch-up; ${runs.get(targets[0]!.name)!.length} rounds)`);
    if (line) console.log(`# import: ${line}`);
    console.log(`${'route'.padEnd(26)} ${'quiet p99'.padStart(10)} ${'import p99'.padStart(11)} ${'worst p99'.padStart(10)} ${'req/s'.padStart(8)}  errors`);
    for (const [name, ms] of runs) {
      const q = quiet.get(name);
      console.log(
        `${name.padEnd(26)} ${(q ? String(median(q.map((m) => m.p99))) : 'n/a').padStart(10)} ${String(median(ms.map((m) => m.p99))).padStart(11)} ${String(Math.max(...ms.map((m) => m.p99))).padStart(10)} ${median(ms.map((m) => m.rps)).toFixed(0).padStart(8)}  ${ms.reduce((n, m) => n + m.non2xx + m.errors, 0)}`,
      );
    }
  } finally {
    await stopServer(child);
    for (const f of [copy, `${copy}-wal`, `${copy}-shm`]) rmSync(f, { force: true });
  }
}

async function runServer(dbPath: string, cache: boolean, ids: string[], seconds: number, connections: number, rounds: number): Promise<Map<string, Measured[]>> {
  const { child, base } = await startServer(dbPath, cache);
  try {
    const targets = await targetsFor(base, ids);
    // Rounds interleave the floor with every route, so each route's ratio compares measurements
    // taken seconds apart: on a shared machine the load changes faster than a whole run lasts.
    const runs = new Map<string, Measured[]>(targets.map((t) => [t.name, []]));
    // Warm-up: JIT and prepared statements (the cache-off table shows what a cold render costs).
    for (const target of targets) await measure(base, target, 1, connections);
    for (let round = 0; round < rounds; round++) {
      for (const target of targets) {
        // Every URL rendered once more first: cached pages expire after 30 s, and on this shared
        // machine a round can take longer than that.
        for (const path of target.paths) await (await fetch(base + path)).arrayBuffer();
        runs.get(target.name)!.push(await measure(base, target, seconds, connections));
      }
    }
    const floor = runs.get(targets[0]!.name)!;
    console.log(`${'route'.padEnd(26)} ${'req/s'.padStart(9)} ${'of floor'.padStart(9)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)}  errors`);
    for (const [name, ms] of runs) {
      const ratios = ms.map((m, i) => m.rps / floor[i]!.rps).filter(Number.isFinite);
      console.log(
        `${name.padEnd(26)} ${median(ms.map((m) => m.rps)).toFixed(0).padStart(9)} ${(ratios.length ? `${(100 * median(ratios)).toFixed(0)}%` : 'n/a').padStart(9)} ${String(median(ms.map((m) => m.p50))).padStart(7)} ${String(median(ms.map((m) => m.p99))).padStart(7)}  ${ms.reduce((n, m) => n + m.non2xx + m.errors, 0)}`,
      );
    }
    return runs;
  } finally {
    await stopServer(child);
  }
}
