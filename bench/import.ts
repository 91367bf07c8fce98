// `npm run bench -- import [--runs N] [--dir DIR] [--pg URL]`: papers/s of the import pipeline
// (files → parse → upsertPapers) next to a bare loop of prepared INSERTs of the same rows in one
// transaction (the floor of what the driver can do), on SQLite and on PostgreSQL, in one run.
// Each phase runs in a fresh process on an empty database so peak RSS is that phase's own.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';

interface Phase {
  mode: 'pipeline' | 'bare';
  papers: number;
  ms: number;
  /** CPU time of this process (user + system): less disturbed by other load than wall time. */
  cpuMs: number;
  maxRssMB: number;
}

const child = fileURLToPath(new URL('./_import-child.ts', import.meta.url));

function runPhase(mode: Phase['mode'], url: string, dir: string): Phase {
  const r = spawnSync(process.execPath, ['--import', 'tsx', child, mode, url, dir], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`${mode} on ${url} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { runs: { type: 'string' }, dir: { type: 'string' }, pg: { type: 'string' } } });
  const runs = Number(values.runs ?? 1);
  const dir = values.dir ?? new URL('../../shared/data/arxiv-cs', import.meta.url).pathname;
  // Bench tooling, like the tests, takes the PostgreSQL server from TEST_DATABASE_URL.
  const pgBase = values.pg ?? process.env.TEST_DATABASE_URL ?? null;
  const targets: { name: string; url: () => Promise<{ url: string; drop: () => Promise<void> }> }[] = [
    {
      name: 'sqlite',
      url: async () => {
        const d = mkdtempSync(join(tmpdir(), 'pb-bench-'));
        return { url: `sqlite:${join(d, 'bench.db')}`, drop: async () => rmSync(d, { recursive: true, force: true }) };
      },
    },
  ];
  if (pgBase) {
    targets.push({
      name: 'postgres',
      url: async () => {
        const schema = `bench_${randomBytes(4).toString('hex')}`;
        const u = new URL(pgBase);
        u.searchParams.set('schema', schema);
        return {
          url: u.toString(),
          drop: async () => {
            const c = new pg.Client({ connectionString: pgBase });
            await c.connect();
            await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
            await c.end();
          },
        };
      },
    });
  } else process.stdout.write('(no --pg URL or TEST_DATABASE_URL: PostgreSQL skipped)\n');

  const load = (await import('node:os')).loadavg()[0];
  process.stdout.write(`import bench: ${dir}, ${runs} run(s) per phase, medians; load average ${load.toFixed(1)} on ${(await import('node:os')).cpus().length} cores (shared: expect noise)\n\n`);
  process.stdout.write('db        phase      papers   seconds   papers/s   CPU s (this process)   peak RSS MB\n');
  for (const target of targets) {
    const results: Record<string, Phase[]> = { pipeline: [], bare: [] };
    for (let i = 0; i < runs; i++) {
      for (const mode of ['bare', 'pipeline'] as const) {
        const { url, drop } = await target.url();
        try {
          results[mode].push(runPhase(mode, url, dir));
        } finally {
          await drop();
        }
      }
    }
    const rate: Record<string, number> = {};
    for (const mode of ['bare', 'pipeline'] as const) {
      const ms = median(results[mode].map((r) => r.ms));
      const papers = results[mode][0].papers;
      rate[mode] = (papers / ms) * 1000;
      const rss = Math.max(...results[mode].map((r) => r.maxRssMB));
      const cpu = median(results[mode].map((r) => r.cpuMs));
      process.stdout.write(
        `${target.name.padEnd(9)} ${mode.padEnd(9)} ${String(papers).padStart(7)} ${(ms / 1000).toFixed(2).padStart(9)} ${Math.round(rate[mode]).toString().padStart(10)} ${(cpu / 1000).toFixed(2).padStart(22)} ${rss.toFixed(0).padStart(13)}\n`,
      );
    }
    process.stdout.write(`${target.name.padEnd(9)} pipeline/bare = ${(rate.pipeline / rate.bare).toFixed(2)}\n`);
    // The catalog issue's goals, checked against this run's figures.
    const rss = Math.max(...results.pipeline.map((r) => r.maxRssMB));
    const goals =
      target.name === 'sqlite'
        ? [['pipeline ≥ 0.5 × bare', rate.pipeline >= 0.5 * rate.bare], ['pipeline ≥ 20,000 papers/s', rate.pipeline >= 20_000]]
        : [['pipeline ≥ 10,000 papers/s', rate.pipeline >= 10_000]];
    goals.push(['pipeline peak RSS ≤ 300 MB', rss <= 300]);
    process.stdout.write(`${''.padEnd(9)} goals: ${goals.map(([g, ok]) => `${g} ${ok ? 'met' : 'NOT met'}`).join('; ')}\n`);
  }
  process.stdout.write('\npipeline = bin/paperboy import path (gunzip + parse + merge + upsert), timed end to end;\n');
  process.stdout.write('bare = the same rows, pre-parsed, inserted by prepared statements in one transaction.\n');
}
