// Acceptance: three `paperboy worker` processes on PostgreSQL refresh 1,000 repositories from a
// local recorded-response GitHub: each once, a 403 rate limit makes them wait for the reset, and
// SIGKILLing one mid-run loses nothing.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { postgresTestDatabase, testPostgresUrl, type OpenedTestDb } from '../helpers/db.ts';
import { paperboyArgs } from '../helpers/paperboy-process.ts';
import { startGithubServer, type GithubServer } from '../helpers/github-server.ts';
import { upsertRepos } from '../../src/store/repos.ts';
import { enqueueJobs, listJobs } from '../../src/store/jobs.ts';
import { sql } from '../../src/db/db.ts';

const skip = !testPostgresUrl ? 'needs TEST_DATABASE_URL (PostgreSQL)' : false;
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const REPOS = 1000;

describe('three worker processes on PostgreSQL', { skip }, () => {
  let t: OpenedTestDb;
  let gh: GithubServer;
  const children: ChildProcess[] = [];

  before(async () => {
    t = await postgresTestDatabase(testPostgresUrl!).open();
    gh = await startGithubServer();
    gh.latencyMs = 4;
    const names = Array.from({ length: REPOS }, (_, i) => `lab${i % 37}/model-${String(i).padStart(4, '0')}`);
    names.forEach((n, i) => gh.addRepo(n, 10 + i));
    await upsertRepos(t.db, names.map((n) => ({ url: `https://github.com/${n.toLowerCase()}`, fullName: n })));
  });
  after(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await gh?.close();
    await t?.close();
  });

  it('refresh every repository once, wait out a rate limit, survive a SIGKILL', { timeout: 120_000 }, async () => {
    await enqueueJobs(t.db, [{ name: 'star-refresh', payload: { batchSize: 20 } }]);
    const env = {
      ...process.env,
      DATABASE_URL: t.url,
      GITHUB_API_URL: gh.url,
      GITHUB_TOKEN: '',
      WORKER_LEASE_MS: '1500',
      WORKER_POLL_MS: '100',
    };
    const exits: Promise<number | null>[] = [];
    for (let i = 0; i < 3; i++) {
      const child = spawn(process.execPath, paperboyArgs('worker', '--exit-when-idle', '--no-schedule'), { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout!.on('data', (d) => (out += d));
      child.stderr!.on('data', (d) => (out += d));
      exits.push(new Promise((resolve) => child.on('exit', (code) => { if (code !== 0 && code !== null) console.error(out); resolve(code); })));
      children.push(child);
    }
    const repoGets = () => gh.log.filter((l) => l.path.startsWith('/repos/'));
    // Rate limit after 300 answers, for 1.5 s; SIGKILL the first worker after 600.
    let limitedAt = 0;
    let limitedUntil = 0;
    let limitIndex = 0;
    let killedAt = 0;
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        const served = repoGets().filter((l) => l.status === 200).length;
        if (!limitedAt && served >= 300) {
          limitedAt = Date.now();
          limitedUntil = limitedAt + 1500;
          limitIndex = gh.log.length; // answers logged from here on saw the limit
          gh.exhaustRateLimit(1500);
        }
        if (!killedAt && served >= 600) {
          killedAt = Date.now();
          children[0].kill('SIGKILL');
          clearInterval(timer);
          resolve();
        }
      }, 5);
    });
    const codes = await Promise.all(exits.slice(1));
    assert.deepEqual(codes, [0, 0]);

    // Nothing lost: every repository checked, with exactly one refresh snapshot; every job done.
    const rows = await t.db.all<{ id: number; n: number; checked: number | null }>(sql`SELECT r.id, r.last_checked AS checked,
      (SELECT COUNT(*) FROM star_snapshots s WHERE s.repo_id = r.id AND s.source = 'github') AS n FROM repos r`);
    assert.equal(rows.length, REPOS);
    assert.ok(rows.every((r) => r.checked !== null && Number(r.n) === 1), 'each repository refreshed exactly once');
    const jobs = await listJobs(t.db, 1000);
    assert.equal(jobs.length, 1 + REPOS / 20);
    assert.ok(jobs.every((j) => j.done_at !== null), 'every job finished');
    assert.ok(jobs.some((j) => j.attempts === 2), 'the killed worker’s job was claimed again');

    // Each repository fetched once with a 200; only a request in flight at the SIGKILL may repeat.
    const ok = repoGets().filter((l) => l.status === 200);
    const perRepo = new Map<string, number>();
    for (const l of ok) perRepo.set(l.path, (perRepo.get(l.path) ?? 0) + 1);
    assert.equal(perRepo.size, REPOS);
    const repeated = [...perRepo.values()].filter((n) => n > 1).length;
    assert.ok(repeated <= 1, `${repeated} repositories fetched twice`);

    // The rate limit: 403s while it lasted, no request answered 200 before the reset.
    // By log position: every answer logged after the switch saw the limit, whatever the clock says.
    const during = gh.log.slice(limitIndex).filter((l) => l.at < limitedUntil);
    assert.ok(during.some((l) => l.status === 403));
    assert.ok(during.every((l) => l.status === 403), 'nobody got through before the reset');
    assert.ok(during.length <= 6, `workers kept asking while limited: ${during.length} requests`);
    console.log(`# 1000 repos: ${ok.length} 200s, ${during.length} requests while rate-limited, ${repeated} refetched after SIGKILL`);
  });
});
