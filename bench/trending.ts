// `npm run bench -- trending [--big N] [--votes N]`: full trending recompute on the real 60k arXiv cs
// corpus and on N synthetic papers (default 1,000,000), and one vote's update, against the goals
// (1M full recompute < 10 s, one vote < 5 ms). SQLite files in a temp dir.
//
// Activity is synthetic in both cases (the corpus has no stars or votes): 30% of papers have a
// repository with a weekly star snapshot over the last 8 weeks (plus one within the last day for
// a seventh of them), 10% have 1–3 upvote tallies in the last 30 days. Data generation writes
// through the raw SQLite handle: it is benchmark set-up, not application code.
import { mkdtempSync, rmSync, readdirSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { tmpdir, loadavg, cpus } from 'node:os';
import { join } from 'node:path';
import { openDb, type Db } from '../src/db/db.ts';
import { sqliteHandle } from '../src/db/sqlite.ts';
import { migrate } from '../src/db/migrate.ts';
import { recomputeTrending, updateTrendingForPaper } from '../src/store/trending.ts';
import { addUpvotes } from '../src/store/repos.ts';
import { TRENDING_WINDOWS } from '../src/trending/score.ts';

const DAY = 86_400_000;
const AT = Date.UTC(2026, 3, 28, 23, 59, 59, 999);
const ARXIV_CS = new URL('../../shared/data/arxiv-cs/', import.meta.url).pathname;

/** A small deterministic PRNG (mulberry32) so every run generates the same data. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function loadArxivIds(): { id: string; title: string; published: number }[] {
  const out: { id: string; title: string; published: number }[] = [];
  const seen = new Set<string>();
  for (const f of readdirSync(ARXIV_CS).filter((x) => x.endsWith('.jsonl.gz')).sort()) {
    for (const line of gunzipSync(readFileSync(join(ARXIV_CS, f))).toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      const r = JSON.parse(line) as { id: string; title: string; _listing_date: string };
      if (seen.has(r.id)) continue;
      seen.add(r.id);
      out.push({ id: r.id, title: r.title, published: Date.parse(`${r._listing_date}T00:00:00Z`) });
    }
  }
  return out;
}

function populate(db: Db, papers: { id: string; title: string; published: number }[]): { repos: number; snapshots: number; tallies: number } {
  const raw = sqliteHandle(db)!;
  const rand = rng(42);
  const insPaper = raw.prepare(`INSERT INTO papers (id, title, source, published_at, content_hash, created_at, modified_at) VALUES (?, ?, 'jsonl', ?, '', ?, ?)`);
  const insRepo = raw.prepare(`INSERT INTO repos (id, url, full_name, status, stars, created_at) VALUES (?, ?, ?, 'ok', ?, ?)`);
  const insLink = raw.prepare(`INSERT INTO paper_repos (paper_id, repo_id) VALUES (?, ?)`);
  const insSnap = raw.prepare(`INSERT INTO star_snapshots (repo_id, at, stars, source) VALUES (?, ?, ?, 'github')`);
  const insTally = raw.prepare(`INSERT OR IGNORE INTO upvote_tallies (paper_id, source, bucket_at, votes) VALUES (?, 'site', ?, ?)`);
  let repos = 0;
  let snapshots = 0;
  let tallies = 0;
  raw.transaction(() => {
    for (const p of papers) {
      insPaper.run(p.id, p.title, p.published, p.published, p.published);
      if (rand() < 0.3) {
        const id = ++repos;
        let stars = Math.floor(rand() ** 3 * 5000);
        insRepo.run(id, `https://github.com/bench/r${id}`, `bench/r${id}`, stars, AT);
        insLink.run(p.id, id);
        for (let w = 8; w >= 1; w--) {
          stars += Math.floor(rand() ** 4 * 300) - (rand() < 0.05 ? 20 : 0);
          insSnap.run(id, AT - w * 7 * DAY + 3_600_000, Math.max(0, stars));
          snapshots++;
        }
        if (rand() < 1 / 7) {
          insSnap.run(id, AT - Math.floor(rand() * DAY), stars + Math.floor(rand() * 50));
          snapshots++;
        }
      }
      if (rand() < 0.1) {
        const n = 1 + Math.floor(rand() * 3);
        for (let i = 0; i < n; i++) {
          insTally.run(p.id, AT - Math.floor(rand() * 30) * DAY - 3_600_000, 1 + Math.floor(rand() ** 2 * 40));
          tallies++;
        }
      }
    }
  })();
  raw.exec('ANALYZE');
  return { repos, snapshots, tallies };
}

function syntheticPapers(n: number): { id: string; title: string; published: number }[] {
  const rand = rng(7);
  return Array.from({ length: n }, (_, i) => ({
    id: `syn.${String(i).padStart(7, '0')}`,
    title: `Synthetic paper ${i}`,
    published: AT - Math.floor(rand() * 365 * DAY),
  }));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

async function measure(label: string, papers: { id: string; title: string; published: number }[], votes: number, rows: string[][]) {
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-bench-'));
  const db = await openDb(`sqlite:${join(dir, 'bench.db')}`);
  try {
    await migrate(db);
    const t0 = performance.now();
    const made = populate(db, papers);
    process.stderr.write(`${label}: generated ${papers.length} papers, ${made.repos} repos, ${made.snapshots} snapshots, ${made.tallies} tallies in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
    let total = 0;
    let cpuTotal = 0;
    const per: string[] = [];
    for (const window of TRENDING_WINDOWS) {
      const s = performance.now();
      const c0 = process.cpuUsage();
      const n = await recomputeTrending(db, { window, at: AT });
      const c = process.cpuUsage(c0);
      const ms = performance.now() - s;
      total += ms;
      cpuTotal += (c.user + c.system) / 1000;
      per.push(`${window} ${(ms / 1000).toFixed(2)} s (${n.toLocaleString('en-US')} scored)`);
    }
    const rand = rng(3);
    const times: number[] = [];
    for (let i = 0; i < votes; i++) {
      const p = papers[Math.floor(rand() * papers.length)];
      const s = performance.now();
      await addUpvotes(db, p.id, AT - 1000, 1);
      await updateTrendingForPaper(db, p.id, AT);
      times.push(performance.now() - s);
    }
    const cpu0 = process.cpuUsage();
    for (let i = 0; i < votes; i++) await updateTrendingForPaper(db, papers[Math.floor(rand() * papers.length)].id, AT);
    const cpu = process.cpuUsage(cpu0);
    const voteCpu = (cpu.user + cpu.system) / 1000 / votes;
    rows.push([label, papers.length.toLocaleString('en-US'), `${(total / 1000).toFixed(2)} s`, `${(cpuTotal / 1000).toFixed(2)} s`, per.join('; '), `${median(times).toFixed(2)} ms`, `${voteCpu.toFixed(2)} ms`, `${Math.max(...times).toFixed(2)} ms`]);
  } finally {
    await db.close();
    if (process.env.BENCH_KEEP) process.stderr.write(`kept ${dir}\n`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(args: string[]): Promise<void> {
  const big = Number(args[args.indexOf('--big') + 1] ?? 0) || 1_000_000;
  const votes = Number(args[args.indexOf('--votes') + 1] ?? 0) || 200;
  const rows: string[][] = [];
  if (!args.includes('--only-synthetic')) await measure('arXiv cs corpus (real ids, synthetic activity)', loadArxivIds(), votes, rows);
  await measure('synthetic', syntheticPapers(big), votes, rows);
  const head = ['corpus', 'papers', 'full recompute, 3 windows (wall)', '(CPU)', 'per window (wall)', 'vote update (median wall)', 'vote (mean CPU)', 'vote (max wall)'];
  console.log(`\ntrending recompute and per-vote update, SQLite, ${votes} votes each; goals: 1M recompute < 10 s, vote < 5 ms`);
  console.log(`(machine load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores: wall times include waiting for other processes; CPU is this process's own time)\n`);
  console.log(`| ${head.join(' | ')} |\n|${head.map(() => '---').join('|')}|`);
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
}
