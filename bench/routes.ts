// `npm run bench -- routes --db URL [--routes '/;/papers;/api/daily_papers|/api/daily_papers?week=2025-W52']
// [--seconds S] [--warm S] [--cache N] [--no-search] [--profile DIR]`: one route at a time, response
// cache off by default (--cache N keeps N answers), 50 connections: req/s, p50/p99, and the constant
// route measured right after it (the floor); with --profile, a CPU profile of the seconds each route
// was measured (DIR/NAME.cpuprofile, for Chrome's DevTools or a summary by function). Quicker and
// narrower than `bench -- http` (one server, no member or vote cases): for comparing two checkouts
// route by route under scripts/bench-run. Routes are separated by ';', the paths one route rotates
// over by '|'; `{id}` stands for the 200 paper ids bench/http.ts picks. DB: the bench corpus
// (sqlite:data/bench/http.db, or PostgreSQL with ?schema=bench_http) made by `bench -- http`.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync } from 'node:fs';
import { measure, option } from './_http-measure.ts';
import { openDb, sql } from '../src/db/db.ts';
import { migrate } from '../src/db/migrate.ts';

const DEFAULT_ROUTES = '/;/papers;/papers/{id};/api/daily_papers|/api/daily_papers?week=2025-W52|/api/daily_papers?month=2025-11&p=1;/search?q=transformer|/search?q=diffusion%20model|/search?q=graph%20neural%20network|/search?q=reinforcement%20learning';

function text(args: string[], name: string): string | null {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? (args[i + 1] ?? null) : null;
}

export async function run(args: string[]): Promise<void> {
  const url = text(args, 'db');
  if (!url) throw new Error('--db URL is required (the bench corpus: sqlite:data/bench/http.db, or PostgreSQL with ?schema=bench_http)');
  const seconds = option(args, 'seconds', 5);
  const warm = option(args, 'warm', 2);
  const profile = text(args, 'profile');
  if (profile) mkdirSync(profile, { recursive: true });
  const db = await openDb(url);
  await migrate(db);
  const ids = (await db.all<{ id: string }>(sql`SELECT id FROM papers ORDER BY (CAST(SUBSTR(id, 6) AS INTEGER) * 7919) % 1009, id LIMIT 200`)).map((r) => r.id);
  await db.close();
  const server = new URL('./_route-server.ts', import.meta.url).pathname;
  // The young generation's size as bin/paperboy starts the server.
  const child = spawn(process.execPath, ['--max-semi-space-size=64', '--import', 'tsx', server, url, String(option(args, 'cache', 0)), args.includes('--no-search') ? '0' : '1'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
    const base = `http://127.0.0.1:${chunk.toString().trim()}`;
    console.log('route                          req/s  of floor  p50 ms  p99 ms  floor req/s');
    for (const group of (text(args, 'routes') ?? DEFAULT_ROUTES).split(';')) {
      const paths = group.split('|').flatMap((p) => (p.includes('{id}') ? ids.map((id) => p.replace('{id}', id)) : [p]));
      const target = { name: group.split('|')[0]!, paths };
      await measure(base, target, warm, 50);
      if (profile) await fetch(`${base}/__prof/start`);
      const m = await measure(base, target, seconds, 50);
      const file = `${profile}/${target.name.replace(/[^a-z0-9]+/gi, '_').replace(/^_|_$/g, '') || 'front'}.cpuprofile`;
      if (profile) await fetch(`${base}/__prof/stop?file=${encodeURIComponent(file)}`);
      const floor = await measure(base, { name: 'floor', paths: ['/__bench/constant'] }, 2, 50);
      const share = `${((100 * m.rps) / floor.rps).toFixed(0)}%`;
      console.log(`${target.name.padEnd(28)} ${m.rps.toFixed(0).padStart(7)} ${share.padStart(9)} ${String(m.p50).padStart(7)} ${String(m.p99).padStart(7)} ${floor.rps.toFixed(0).padStart(12)}`);
    }
  } finally {
    child.kill('SIGTERM');
  }
}
