// `npm run soak [-- --duration S] [--pg URL] [--concurrency N]`: the production shape under mixed
// load, bounded and on loopback only. On a throwaway PostgreSQL schema: `serve --processes 2`,
// one `worker`, an SMTP sink that greylists every first attempt, and imports running one after
// another; for S seconds (300) clients read pages, the API and search, vote and subscribe. Half-way,
// one web process is SIGKILLed and every database connection of the service terminated
// (pg_terminate_backend). Afterwards it checks and prints: every vote and subscription that got a
// 2xx is in the database exactly once, every confirmation mail arrived exactly once, p99 of pages
// per 10-second window, and the peak RSS of each process against its bound. Exit code 1 on a miss.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';
import { openDb, sql } from '../src/db/db.ts';
import { migrate } from '../src/db/migrate.ts';
import { insertUser } from '../src/store/users.ts';
import { insertApiToken } from '../src/store/auth-tokens.ts';
import { hashSecret } from '../src/community/secrets.ts';
import { newApiToken } from '../src/community/secrets.ts';
import { startSmtpServer } from '../test/helpers/smtp-server.ts';

/** Documented bounds (README "Running several processes"): peak RSS per process kind, in MB. */
const RSS_BOUND_MB = { primary: 200, web: 900, worker: 400 } as const;
const PAGE_P99_BOUND_MS = 1000;
const WINDOW_MS = 10_000;

const root = new URL('../', import.meta.url).pathname;
const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const durationS = Number(opt('duration', '300'));
const concurrency = Number(opt('concurrency', '8'));
const pgBase = opt('pg', process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test');
const arxivDir = join(root, '../shared/data/arxiv-cs');

const log = (line: string) => process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

function rssMb(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

function p99(xs: number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.99))]!;
}

async function main(): Promise<number> {
  const schema = `soak_${randomBytes(4).toString('hex')}`;
  const app = `paperboy_${schema}`;
  const url = new URL(pgBase);
  url.searchParams.set('schema', schema);
  url.searchParams.set('application_name', app);
  const databaseUrl = url.toString();
  const admin = new pg.Client({ connectionString: pgBase });
  await admin.connect();
  const children: ChildProcess[] = [];
  const smtp = await startSmtpServer();
  try {
    await smtp.setFaults({ greylist: true });
    const db = await openDb(databaseUrl);
    await migrate(db);
    // Members with API tokens for votes.
    const tokens: string[] = [];
    for (let i = 0; i < 40; i++) {
      const user = (await insertUser(db, { email: `soak${i}@example.org`, name: `soak${i}`, role: 'member' }))!;
      const token = newApiToken();
      await insertApiToken(db, { hash: hashSecret(token), userId: user.id, name: 'soak' });
      tokens.push(token);
    }
    const port = await freePort();
    const env = {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      SMTP_URL: smtp.url,
      SECRET_KEY: 'soak-secret',
      TRUST_PROXY: '1',
      DEMO_DIR: join(root, 'data/demo'),
      MAIL_RETRY_BASE_MS: '2000',
      MAIL_RETRY_MAX_MS: '10000',
      MAIL_POLL_MS: '1000',
      MAIL_LEASE_MS: '15000',
      WORKER_POLL_MS: '500',
      SEARCH_WAIT_MS: '1000',
    };
    const bin = join(root, 'bin/paperboy');
    const kinds = new Map<number, keyof typeof RSS_BOUND_MB | 'import'>();
    const webPids: number[] = [];
    // Jobs run in the one worker process, as in production with separate workers.
    const serve = spawn(process.execPath, [bin, 'serve', '--processes', '2', '--no-jobs'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(serve);
    kinds.set(serve.pid!, 'primary');
    let serveOut = '';
    let partial = '';
    // What the service logged, read back: when each web process listened and was ready (the
    // timeline printed at the end), and each request's own duration and process (by X-Request-Id),
    // so a slow answer can be told apart as slow in the process or queued before it.
    const served = new Map<string, { pid: number; ms: number }>();
    const events: { at: number; what: string }[] = [];
    const readyPids = new Set<number>();
    const onServeLine = (chunk: Buffer) => {
      const text = partial + chunk.toString();
      const lines = text.split('\n');
      partial = lines.pop()!;
      for (const line of lines) {
        if (line.startsWith('{')) {
          if (!line.includes('"reqId"') || !line.includes('"ms"')) continue;
          try {
            const r = JSON.parse(line) as { reqId?: string; pid?: number; ms?: number };
            if (r.reqId && typeof r.ms === 'number') served.set(r.reqId, { pid: Number(r.pid), ms: r.ms });
          } catch {
            // a line cut by a killed process
          }
          continue;
        }
        serveOut += `${line}\n`;
        const listening = /^\[(\d+)\] paperboy listening/.exec(line);
        if (listening) {
          const pid = Number(listening[1]);
          if (!webPids.includes(pid)) webPids.push(pid);
          kinds.set(pid, 'web');
          events.push({ at: Date.now(), what: `web process ${pid} listening` });
        }
        const ready = /^\[(\d+)\] search index ready: (.*)/.exec(line);
        if (ready) {
          readyPids.add(Number(ready[1]));
          events.push({ at: Date.now(), what: `web process ${ready[1]} search index ready (${ready[2]})` });
        }
      }
    };
    serve.stdout!.on('data', onServeLine);
    serve.stderr!.on('data', (c: Buffer) => {
      serveOut += c.toString();
      process.stderr.write(`serve: ${c}`);
    });
    const started = Date.now();
    while (webPids.length < 2) {
      if (Date.now() - started > 120_000) throw new Error(`web processes did not start:\n${serveOut}`);
      await sleep(200);
    }
    const worker = spawn(process.execPath, [bin, 'worker', '--quiet'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    worker.stderr!.on('data', (c: Buffer) => process.stderr.write(`worker: ${c}`));
    children.push(worker);
    kinds.set(worker.pid!, 'worker');
    const base = `http://127.0.0.1:${port}`;
    // Load starts when a load balancer would send it: once /readyz answers ready (database
    // reachable, migrations current, search index built) for every web process. Until then a
    // process answers, but a deployment routes nothing to it; the time this takes is printed.
    // Each probe is its own connection, so the cluster hands successive probes to different processes.
    for (;;) {
      if (Date.now() - started > 180_000) throw new Error(`web processes not ready after 180 s:\n${serveOut}`);
      const res = await globalThis.fetch(`${base}/readyz`, { headers: { connection: 'close' } }).catch(() => null);
      await res?.arrayBuffer();
      if (res?.status === 200 && webPids.every((pid) => readyPids.has(pid))) break;
      await sleep(200);
    }
    const readyAfterMs = Date.now() - started;
    events.push({ at: Date.now(), what: 'every web process ready: load starts' });
    const paperIds = (await db.all<{ id: string }>(sql`SELECT id FROM papers ORDER BY id LIMIT 300`)).map((r) => r.id);
    log(`soak: schema ${schema}, ${paperIds.length}+ papers, web processes ${webPids.join(', ')}, worker ${worker.pid}, ${durationS} s, ${concurrency} clients`);

    // Imports, one file after another, while the load runs.
    const files = readdirSync(arxivDir).filter((f) => f.endsWith('.jsonl.gz')).sort().map((f) => join(arxivDir, f));
    let imports = 0;
    const importEnds: number[] = [];
    let importing = true;
    const importLoop = (async () => {
      for (const file of files) {
        if (!importing) break;
        const child = spawn(process.execPath, [bin, 'import', file, '--json'], { env, stdio: ['ignore', 'ignore', 'ignore'] });
        kinds.set(child.pid!, 'import');
        await new Promise((r) => child.once('exit', r));
        importEnds.push(Date.now());
        imports++;
      }
    })();

    // RSS sampling.
    const peak = new Map<number, number>();
    const sampler = setInterval(() => {
      for (const pid of kinds.keys()) {
        const mb = rssMb(pid);
        if (mb !== null) peak.set(pid, Math.max(peak.get(pid) ?? 0, mb));
      }
    }, 1000);

    // The load.
    const pageLatency = new Map<number, number[]>();
    const pages: { at: number; path: string; ms: number; reqId: string | null }[] = [];
    const counts: Record<string, number> = {};
    const count = (k: string) => (counts[k] = (counts[k] ?? 0) + 1);
    const votes: { token: number; paper: string }[] = [];
    const subscribed: string[] = [];
    const end = Date.now() + durationS * 1000;
    let killedAt: number | null = null;
    const QUERIES = ['transformer', 'diffusion model', 'graph neural network', 'reinforcement learning', 'language model agents'];
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(Math.random() * xs.length)]!;
    // A request the service never answers counts as an error, not a stuck client.
    const fetch = (input: string, init: RequestInit = {}) => globalThis.fetch(input, { ...init, signal: AbortSignal.timeout(30_000) });
    const client = async (n: number) => {
      let i = 0;
      while (Date.now() < end) {
        i++;
        const r = Math.random();
        const t0 = Date.now();
        try {
          if (r < 0.45) {
            const path = pick(['/', '/papers', `/papers/${pick(paperIds)}`, '/about', '/?window=month']);
            const res = await fetch(base + path);
            await res.arrayBuffer();
            count(`page ${res.status}`);
            if (res.ok) {
              const w = Math.floor((t0 - (end - durationS * 1000)) / WINDOW_MS);
              const ms = Date.now() - t0;
              (pageLatency.get(w) ?? pageLatency.set(w, []).get(w)!).push(ms);
              pages.push({ at: t0, path, ms, reqId: res.headers.get('x-request-id') });
            }
          } else if (r < 0.6) {
            const res = await fetch(base + pick(['/api/daily_papers', `/api/papers/${pick(paperIds)}`, '/api/papers/trending?window=week']));
            await res.arrayBuffer();
            count(`api ${res.status}`);
          } else if (r < 0.75) {
            const res = await fetch(`${base}/api/papers/search?q=${encodeURIComponent(pick(QUERIES))}`);
            await res.arrayBuffer();
            count(`search ${res.status}`);
          } else if (r < 0.93) {
            const token = Math.floor(Math.random() * tokens.length);
            const paper = pick(paperIds);
            const res = await fetch(`${base}/api/papers/${paper}/upvote`, { method: 'POST', headers: { authorization: `Bearer ${tokens[token]}` } });
            await res.arrayBuffer();
            count(`vote ${res.status}`);
            if (res.ok) votes.push({ token, paper });
          } else {
            const email = `reader-${n}-${i}-${randomBytes(3).toString('hex')}@example.org`;
            const res = await fetch(`${base}/api/subscriptions`, {
              method: 'POST',
              body: JSON.stringify({ email, frequency: 'daily' }),
              headers: { 'content-type': 'application/json', 'x-forwarded-for': `198.51.100.${(n * 31 + i) % 250}` },
            });
            await res.arrayBuffer();
            count(`subscribe ${res.status}`);
            if (res.ok) subscribed.push(email);
          }
        } catch (err) {
          count((err as Error).name === 'TimeoutError' ? 'timeout' : 'connection error');
        }
      }
    };
    const chaos = (async () => {
      await sleep((durationS * 1000) / 2);
      const victim = webPids[0]!;
      process.kill(victim, 'SIGKILL');
      killedAt = Date.now();
      events.push({ at: killedAt, what: `web process ${victim} SIGKILLed` });
      log(`SIGKILLed web process ${victim}`);
      const r = await admin.query('SELECT count(pg_terminate_backend(pid)) AS n FROM pg_stat_activity WHERE application_name = $1', [app]);
      events.push({ at: Date.now(), what: `${r.rows[0].n} backends terminated` });
      log(`pg_terminate_backend: ${r.rows[0].n} connections of the service terminated`);
    })();
    await Promise.all([...Array.from({ length: concurrency }, (_, n) => client(n)), chaos]);
    importing = false;
    log(`load done: ${JSON.stringify(counts)}`);

    // Let the outbox finish: greylisted retries, and messages a killed process had leased.
    const drainBy = Date.now() + 120_000;
    for (;;) {
      const row = await db.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM mail_outbox WHERE state = 'pending'`);
      if (Number(row?.n) === 0 || Date.now() > drainBy) break;
      await sleep(500);
    }
    await sleep(2_000); // anything sent twice would arrive now
    await importLoop;
    clearInterval(sampler);

    // Checks.
    const problems: string[] = [];
    const tokenUsers = await db.all<{ id: number; email: string }>(sql`SELECT id, email FROM users WHERE email LIKE 'soak%@example.org'`);
    const userOf = new Map(tokenUsers.map((u) => [Number(/^soak(\d+)@/.exec(u.email)![1]), Number(u.id)]));
    const voteRows = await db.all<{ user_id: number; paper_id: string }>(sql`SELECT user_id, paper_id FROM votes`);
    const stored = new Set(voteRows.map((v) => `${Number(v.user_id)} ${v.paper_id}`));
    const wanted = new Set(votes.map((v) => `${userOf.get(v.token)} ${v.paper}`));
    const missingVotes = [...wanted].filter((k) => !stored.has(k));
    if (missingVotes.length) problems.push(`${missingVotes.length} acknowledged votes missing`);
    // Each vote counted once: the counter on every voted paper equals its vote rows.
    const counters = await db.all<{ id: string; community_upvotes: number; n: number }>(sql`
      SELECT p.id, p.community_upvotes, (SELECT COUNT(*) FROM votes v WHERE v.paper_id = p.id) AS n FROM papers p WHERE p.community_upvotes > 0 OR EXISTS (SELECT 1 FROM votes v WHERE v.paper_id = p.id)`);
    const badCounters = counters.filter((c) => Number(c.community_upvotes) !== Number(c.n));
    if (badCounters.length) problems.push(`${badCounters.length} papers whose upvote counter differs from their votes`);
    const subRows = await db.all<{ email: string; n: number }>(sql`SELECT email, COUNT(*) AS n FROM subscribers WHERE email LIKE 'reader-%' GROUP BY email`);
    const subCount = new Map(subRows.map((r) => [r.email, Number(r.n)]));
    const subsWrong = subscribed.filter((e) => subCount.get(e) !== 1);
    if (subsWrong.length) problems.push(`${subsWrong.length} acknowledged subscriptions not stored exactly once`);
    const received = new Map<string, number>();
    for (const m of smtp.received()) for (const to of m.to) received.set(to, (received.get(to) ?? 0) + 1);
    const mailMissing = subscribed.filter((e) => (received.get(e) ?? 0) === 0);
    const mailTwice = subscribed.filter((e) => (received.get(e) ?? 0) > 1);
    if (mailMissing.length) problems.push(`${mailMissing.length} confirmation mails never delivered`);
    if (mailTwice.length) problems.push(`${mailTwice.length} confirmation mails delivered more than once`);
    const outbox = await db.all<{ state: string; n: number; attempts: number }>(sql`SELECT state, COUNT(*) AS n, SUM(attempts) AS attempts FROM mail_outbox GROUP BY state`);
    const windows = [...pageLatency.entries()].sort((a, b) => a[0] - b[0]).map(([w, xs]) => ({ w, p99: p99(xs), n: xs.length }));
    const worst = windows.reduce((m, w) => Math.max(m, w.p99), 0);
    if (worst >= PAGE_P99_BOUND_MS) problems.push(`page p99 reached ${worst} ms in a 10 s window (bound ${PAGE_P99_BOUND_MS} ms)`);
    const rss: Record<string, number> = {};
    for (const [pid, kind] of kinds) {
      const mb = peak.get(pid);
      if (mb === undefined || kind === 'import') continue;
      rss[`${kind} ${pid}`] = Math.round(mb);
      if (mb > RSS_BOUND_MB[kind]) problems.push(`${kind} process ${pid} peaked at ${Math.round(mb)} MB (bound ${RSS_BOUND_MB[kind]} MB)`);
    }

    console.log('\n# soak results');
    console.log(`web processes ready (/readyz) ${(readyAfterMs / 1000).toFixed(1)} s after start; load began then`);
    console.log(`duration ${durationS} s, ${concurrency} clients, ${imports} import files run; web process killed at ${killedAt ? `${Math.round((killedAt - (end - durationS * 1000)) / 1000)} s` : 'never'}, backends terminated then`);
    console.log(`requests: ${JSON.stringify(counts)}`);
    console.log(`votes acknowledged: ${votes.length} (${wanted.size} distinct member-paper pairs), in the database: ${wanted.size - missingVotes.length}; papers whose counter ≠ votes: ${badCounters.length}`);
    console.log(`subscriptions acknowledged: ${subscribed.length}, stored exactly once: ${subscribed.length - subsWrong.length}`);
    console.log(`confirmation mails (sink greylists each address's first attempt): delivered once ${subscribed.length - mailMissing.length - mailTwice.length}, never ${mailMissing.length}, twice or more ${mailTwice.length}`);
    console.log(`outbox: ${outbox.map((o) => `${o.state} ${o.n} (${o.attempts} attempts)`).join(', ')}`);
    console.log(`page p99 per 10 s window (ms): ${windows.map((w) => w.p99).join(' ')}; worst ${worst} (bound ${PAGE_P99_BOUND_MS}); overall p99 ${p99([...pageLatency.values()].flat())}`);
    // Where the slow pages went: the time the process spent on each (from its log) beside the time
    // the client waited; the difference is queueing (CPU, the cluster's hand-over, the client).
    const loadStart = end - durationS * 1000;
    const slow = pages.filter((p) => p.ms >= PAGE_P99_BOUND_MS / 2).sort((a, b) => a.at - b.at);
    console.log(`timeline (s from load start): ${events.map((e) => `${((e.at - loadStart) / 1000).toFixed(1)} ${e.what}`).join('; ')}`);
    console.log(`import files finished at (s): ${importEnds.map((t) => Math.round((t - loadStart) / 1000)).join(' ')}`);
    // Per page kind: how long the process took (its log), and how often it answered in under 10 ms
    // (in practice, from its response cache: a render takes longer).
    const kindOf = (path: string) => (path.startsWith('/papers/') ? '/papers/{id}' : path);
    const byKind = new Map<string, number[]>();
    for (const p of pages) {
      const s = p.reqId ? served.get(p.reqId) : undefined;
      if (s) (byKind.get(kindOf(p.path)) ?? byKind.set(kindOf(p.path), []).get(kindOf(p.path))!).push(s.ms);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
    console.log(
      `pages in process (ms): ${[...byKind]
        .sort()
        .map(([k, xs]) => `${k} n ${xs.length} under 10 ms ${Math.round((100 * xs.filter((x) => x < 10).length) / xs.length)}% p50 ${Math.round(median(xs))} p99 ${Math.round(p99(xs))}`)
        .join('; ')}`,
    );
    console.log(`pages over ${PAGE_P99_BOUND_MS / 2} ms: ${slow.length} of ${pages.length}`);
    for (const p of slow.slice(0, 60)) {
      const s = p.reqId ? served.get(p.reqId) : undefined;
      console.log(`  ${((p.at - loadStart) / 1000).toFixed(1)} s ${p.path}: ${p.ms} ms waited, ${s ? `${Math.round(s.ms)} ms in process ${s.pid}` : 'not in the log'}`);
    }
    console.log(`peak RSS MB: ${Object.entries(rss).map(([k, v]) => `${k}: ${v}`).join(', ')} (bounds: primary ${RSS_BOUND_MB.primary}, web ${RSS_BOUND_MB.web}, worker ${RSS_BOUND_MB.worker})`);
    console.log(problems.length ? `FAILED: ${problems.join('; ')}` : 'PASSED: every check held');
    await db.close();
    return problems.length ? 1 : 0;
  } finally {
    for (const c of children) c.kill('SIGTERM');
    await Promise.all(children.map((c) => (c.exitCode !== null || c.signalCode !== null ? null : new Promise((r) => c.once('exit', r)))));
    await smtp.stop();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => {});
    await admin.end();
  }
}

process.exitCode = await main();
