// `npm run bench -- http [--duration S] [--rounds R] [--connections N] [--pg URL [--no-sqlite]] [--cases a,b] [--profile DIR]`:
// requests/s and latency of the main pages and API over a 60k-paper corpus, side by side with a
// constant-string route on the same server (the framework's floor), measured with autocannon on
// loopback, for four cases: anonymous visitors with the response cache; a signed-in member (session
// cookie, votes on some listed papers); anonymous visitors while members vote 20 times a second;
// and with the response cache off. SQLite always; PostgreSQL too with --pg. `--profile DIR` writes a
// CPU profile of the server (node --cpu-prof) and its statements' timings per database and case to DIR.
import { spawn } from 'node:child_process';
import { get } from 'node:http';
import { once } from 'node:events';
import { loadavg } from 'node:os';
import { mkdirSync } from 'node:fs';
import { measure, median, option, type Measured, type Target } from './_http-measure.ts';
import { openDb, sql, type Db } from '../src/db/db.ts';
import { migrate } from '../src/db/migrate.ts';
import { findOrCreateUser } from '../src/community/accounts.ts';
import { insertSession } from '../src/store/auth-tokens.ts';
import { hashSecret, newSecret } from '../src/community/secrets.ts';
import { benchCorpus, benchCorpusPostgres } from './_corpus.ts';

function stringOption(args: string[], name: string): string | null {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? (args[i + 1] ?? null) : null;
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

const CASES = ['cached', 'member', 'votes', 'uncached'] as const;
type Case = (typeof CASES)[number];
const CASE_TITLES: Record<Case, string> = {
  cached: 'anonymous, response cache on (default)',
  member: 'signed-in member (session cookie, has voted on listed papers), response cache on',
  votes: 'anonymous, response cache on, members voting 20 times a second during the run',
  uncached: 'anonymous, response cache off (RESPONSE_CACHE_ENTRIES=0): every request queries and renders',
};

/** Members who vote in the bench: they exist in the database with a session cookie each. */
interface Member {
  cookie: string;
  token: string;
}

async function makeMembers(db: Db, n: number): Promise<{ secret: string; name: string }[]> {
  const out = [];
  for (let i = 0; i < n; i++) {
    const name = `bench-member-${i}`;
    const user = await findOrCreateUser(db, `${name}@bench.example`, 'member', name);
    const secret = newSecret();
    await insertSession(db, { hash: hashSecret(secret), userId: user.id, expiresAt: Date.now() + 3_600_000 });
    out.push({ secret, name });
  }
  return out;
}

/**
 * Puts the corpus back as imported before each case: no member votes, no tallies or stored scores
 * from them. Otherwise the votes of one case (and of earlier runs: the corpus is kept) would
 * change what the next one lists and measures.
 */
async function forgetBenchVotes(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.run(sql`DELETE FROM votes`);
    await tx.run(sql`DELETE FROM upvote_tallies WHERE source = 'site'`);
    await tx.run(sql`UPDATE papers SET community_upvotes = 0 WHERE community_upvotes <> 0`);
    await tx.run(sql`DELETE FROM trending_scores`);
  });
}

/** A member's cookies and CSRF token, as a browser has them after loading a page. */
async function signedIn(base: string, secret: string): Promise<Member> {
  const res = await fetch(`${base}/about`, { headers: { cookie: `pb_session=${secret}` } });
  const csrf = /pb_csrf=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')![1]!;
  const token = /name="_csrf" value="([^"]+)"/.exec(await res.text())![1]!;
  return { cookie: `pb_session=${secret}; pb_csrf=${csrf}`, token };
}

async function vote(base: string, m: Member, id: string, on: boolean): Promise<number> {
  const res = await fetch(`${base}/papers/${id}/upvote`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: m.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: m.token, vote: on ? '1' : '0' }).toString(),
  });
  await res.arrayBuffer();
  return res.status;
}

/** Members toggling votes on listed papers at `perSecond` until stopped; counts answers. */
function startVoting(base: string, members: Member[], ids: string[], perSecond: number) {
  let n = 0;
  let failed = 0;
  // Why votes were not accepted: answer status (or the fetch error's code) → count.
  const why = new Map<string, number>();
  const note = (k: string) => void (failed++, why.set(k, (why.get(k) ?? 0) + 1));
  const state = new Map<string, boolean>();
  const timer = setInterval(() => {
    const m = members[n % members.length]!;
    const id = ids[(n * 7) % ids.length]!;
    const key = `${n % members.length}:${id}`;
    const on = !state.get(key);
    state.set(key, on);
    n++;
    vote(base, m, id, on).then(
      (status) => void (status === 303 || note(String(status))),
      (err: Error & { cause?: { code?: string } }) => note(err.cause?.code ?? err.name),
    );
  }, 1000 / perSecond);
  const reasons = () => [...why].map(([k, v]) => `${k}: ${v}`).join(', ');
  return { stop: () => (clearInterval(timer), { sent: n, failed, reasons: reasons() }) };
}

export async function run(args: string[]): Promise<void> {
  const seconds = option(args, 'duration', 3);
  const rounds = option(args, 'rounds', 3);
  const connections = option(args, 'connections', 50);
  const pg = stringOption(args, 'pg');
  const cases = (stringOption(args, 'cases')?.split(',') ?? CASES) as Case[];
  const profile = stringOption(args, 'profile');
  const log = (s: string) => process.stderr.write(s);
  // --no-sqlite with --pg: PostgreSQL only (so each database's run fits one bench-run slot).
  const sqlite = !args.includes('--no-sqlite');
  const databases = [...(sqlite ? [`sqlite:${await benchCorpus(log)}`] : []), ...(pg ? [await benchCorpusPostgres(pg, log)] : [])];
  console.log(`# bench http: ${connections} connections, ${rounds} rounds of ${seconds} s per route (medians), loopback, server in a child process`);
  console.log('# the machine is shared (2 cores, other jobs running): compare rows of the same run, not absolute numbers');
  for (const url of databases) {
    const db = await openDb(url);
    await migrate(db);
    const ids = (await db.all<{ id: string }>(
      // A spread of real ids (papers with and without Daily Papers facts), chosen once per run.
      sql`SELECT id FROM papers ORDER BY (CAST(SUBSTR(id, 6) AS INTEGER) * 7919) % 1009, id LIMIT 200`,
    )).map((r) => r.id);
    const total = (await db.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM papers`))!.n;
    const sessions = await makeMembers(db, 40);
    const name = url.startsWith('sqlite:') ? 'SQLite' : 'PostgreSQL';
    console.log(`\n# ${name}: ${total} papers; ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    for (const c of cases) {
      console.log(`\n## ${name}: ${CASE_TITLES[c]}`);
      await forgetBenchVotes(db);
      await runServer(url, db, c, ids, sessions, seconds, connections, rounds, profile ? `${profile}/${name}-${c}` : null);
    }
    await db.close();
  }
}

async function runServer(url: string, db: Db, c: Case, ids: string[], sessions: { secret: string }[], seconds: number, connections: number, rounds: number, profile: string | null) {
  // One directory per database and case: a profile per thread (Node names them), the statements' timings.
  if (profile) mkdirSync(profile, { recursive: true });
  const prof = profile ? ['--cpu-prof', '--cpu-prof-dir', profile] : [];
  const server = [new URL('./_http-server.ts', import.meta.url).pathname, url, c === 'uncached' ? '0' : '2000', ...(profile ? [`${profile}/queries.txt`] : [])];
  // The young generation's size as bin/paperboy starts the server.
  const child = spawn(process.execPath, [...prof, '--max-semi-space-size=64', '--import', 'tsx', ...server], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
  const base = `http://127.0.0.1:${chunk.toString().trim()}`;
  let voting: ReturnType<typeof startVoting> | null = null;
  try {
    const probe = await fetch(`${base}/search?q=transformer`);
    // PostgreSQL needs fresh statistics after the corpus is loaded and linked to plan the
    // star-history queries well (autovacuum would, later).
    if (db.dialect === 'postgres') await db.exec('ANALYZE');
    const front = await (await fetch(`${base}/`)).text();
    const listed = [...new Set([...front.matchAll(/href="\/papers\/([^"/#]+)[#"]/g)].map((m) => m[1]!))].filter((id) => /\d/.test(id));
    const members = await Promise.all(sessions.map((s) => signedIn(base, s.secret)));
    let headers: Record<string, string> = {};
    if (c === 'member') {
      // The measured member has voted on every third paper of the front page and of the ids.
      const me = members[0]!;
      const mine = [...listed, ...ids.slice(0, 30)].filter((_, i) => i % 3 === 0);
      for (const id of mine) await vote(base, me, id, true);
      headers = { cookie: me.cookie };
    }
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
    for (const target of targets) await measure(base, target, 1, connections, headers);
    // Votes go to papers on the measured pages: the front page's and the paper ids'.
    if (c === 'votes') voting = startVoting(base, members.slice(1), [...listed, ...ids.slice(0, 40)], 20);
    for (let round = 0; round < rounds; round++) {
      for (const target of targets) {
        // Every URL rendered once more first: cached pages expire after 10 s, and on this shared
        // machine a round can take longer than that.
        for (const path of target.paths) await (await fetch(base + path, { headers })).arrayBuffer();
        runs.get(target.name)!.push(await measure(base, target, seconds, connections, headers));
      }
    }
    const votes = voting?.stop();
    if (votes) console.log(`# votes sent during the run: ${votes.sent} (${votes.failed} not accepted${votes.failed ? `: ${votes.reasons}` : ''})`);
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
    voting?.stop();
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
}
