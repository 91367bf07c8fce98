// `npm run bench -- http [--duration S] [--rounds R] [--connections N]`: requests/s and p99 latency of the main
// pages and API over a 60k-paper corpus, side by side with a constant-string route on the same
// server (the framework's floor), measured with autocannon on loopback.
import { spawn } from 'node:child_process';
import { get } from 'node:http';
import { once } from 'node:events';
import autocannon from 'autocannon';
import { openDb, sql } from '../src/db/db.ts';
import { benchCorpus } from './_corpus.ts';

interface Target {
  name: string;
  /** Paths to cycle through (several ids, so a per-URL cache is not the only thing measured). */
  paths: string[];
}

function option(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
}

interface Measured {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

/** Bytes on the wire of one answer as sent for this Accept-Encoding (fetch would decompress them). */
function transferBytes(url: string, acceptEncoding: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get(url, { headers: { 'accept-encoding': acceptEncoding } }, (res) => {
      let n = 0;
      res.on('data', (chunk: Buffer) => (n += chunk.length));
      res.on('end', () => resolve(n));
    }).on('error', reject);
  });
}

const kb = (n: number) => `${(n / 1024).toFixed(1)}`;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

async function measure(base: string, target: Target, seconds: number, connections: number): Promise<Measured> {
  let i = 0;
  const result = await autocannon({
    url: base,
    connections,
    // As browsers and HTTP client libraries do; answers are compressed only where cached as bytes.
    headers: { 'accept-encoding': 'gzip' },
    duration: seconds,
    requests: [{ setupRequest: (req) => ({ ...req, path: target.paths[i++ % target.paths.length]! }) }],
  });
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors + result.timeouts };
}

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
  for (const cache of [true, false]) {
    console.log(`\n## response cache ${cache ? 'on (default)' : 'off (RESPONSE_CACHE_ENTRIES=0): every request queries and renders'}`);
    await runServer(dbPath, cache, ids, seconds, connections, rounds);
  }
}

async function runServer(dbPath: string, cache: boolean, ids: string[], seconds: number, connections: number, rounds: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', new URL('./_http-server.ts', import.meta.url).pathname, dbPath, cache ? '2000' : '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
  const base = `http://127.0.0.1:${chunk.toString().trim()}`;
  try {
    const probe = await fetch(`${base}/search?q=transformer`);
    const targets: Target[] = [
      { name: 'constant route (floor)', paths: ['/__bench/constant'] },
      { name: '/ (trending week)', paths: ['/'] },
      { name: '/papers (latest day)', paths: ['/papers'] },
      { name: '/papers/{id}', paths: ids.map((id) => `/papers/${id}`) },
      { name: '/api/daily_papers', paths: ['/api/daily_papers', '/api/daily_papers?week=2025-W52', '/api/daily_papers?month=2025-11&p=1'] },
    ];
    if (probe.status === 200) targets.push({ name: '/search?q=', paths: ['transformer', 'diffusion model', 'graph neural network', 'reinforcement learning'].map((q) => `/search?q=${encodeURIComponent(q)}`) });
    if (probe.status !== 200) console.log(`# /search?q= skipped: the server answers ${probe.status} (the search feature adds the page)`);
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
    // Transfer size of each route's first URL: plain, gzip (what the load above asked for), brotli.
    const sizes = new Map<string, string>();
    for (const target of targets) {
      const url = base + target.paths[0]!;
      const [plain, gz, br] = [await transferBytes(url, 'identity'), await transferBytes(url, 'gzip'), await transferBytes(url, 'br')];
      sizes.set(target.name, `${kb(plain).padStart(8)} ${kb(gz).padStart(7)} ${kb(br).padStart(7)}`);
    }
    console.log(`${'route'.padEnd(26)} ${'req/s'.padStart(9)} ${'of floor'.padStart(9)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)}  errors ${'kB plain'.padStart(8)} ${'gzip'.padStart(7)} ${'br'.padStart(7)}`);
    for (const [name, ms] of runs) {
      const ratios = ms.map((m, i) => m.rps / floor[i]!.rps).filter(Number.isFinite);
      console.log(
        `${name.padEnd(26)} ${median(ms.map((m) => m.rps)).toFixed(0).padStart(9)} ${(ratios.length ? `${(100 * median(ratios)).toFixed(0)}%` : 'n/a').padStart(9)} ${String(median(ms.map((m) => m.p50))).padStart(7)} ${String(median(ms.map((m) => m.p99))).padStart(7)}  ${String(ms.reduce((n, m) => n + m.non2xx + m.errors, 0)).padStart(6)} ${sizes.get(name)}`,
      );
    }
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
}
