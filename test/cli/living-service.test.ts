// `serve` alone is a living service: it loads the demo and answers every trending page, API and
// feed on SQLite and PostgreSQL; it harvests Hugging Face on a schedule with no worker process,
// counts upvote changes between harvests, backs off from a failing source and recovers, and a
// process killed mid-harvest loses nothing and counts nothing twice when started again.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { suiteTestDatabase, type OpenedTestDb } from '../helpers/db.ts';
import { demoHfDay, startHfApiServer, type HfApiServer, type HfItem } from '../helpers/hf-api-server.ts';
import { sql } from '../../src/db/db.ts';
import { addDays, dayOf } from '../../src/periods.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor<T>(what: string | (() => string), probe: () => Promise<T | null | undefined | false>, timeoutMs = 90_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${typeof what === 'string' ? what : what()}`);
    await sleep(250);
  }
}

interface Served {
  child: ChildProcess;
  url: string;
  output: () => string;
}

/** Starts `bin/paperboy serve --port 0` and waits for its address. */
async function startServe(env: Record<string, string>): Promise<Served> {
  const child = spawn(process.execPath, ['bin/paperboy', 'serve', '--port', '0'], {
    cwd: ROOT,
    env: { ...process.env, SMTP_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const url = await waitFor('serve to listen', async () => /listening on (http:\/\/[^\s]+)/.exec(out)?.[1] ?? (child.exitCode !== null ? Promise.reject(new Error(out)) : null), 60_000);
  return { child, url, output: () => out };
}

async function stop(s: Served | null, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  if (!s || s.child.exitCode !== null) return s?.child.exitCode ?? null;
  const exited = new Promise<number | null>((r) => s.child.once('exit', (code) => r(code)));
  s.child.kill(signal);
  return exited;
}

describe('a living service', () => {
  it('on the demo corpus answers every trending page, API and feed, and recomputes', { timeout: 240_000 }, async () => {
    const t = await suiteTestDatabase().open();
    let served: Served | null = null;
    try {
      served = await startServe({
        DATABASE_URL: t.url,
        DEMO_DIR: 'data/demo',
        HF_HARVEST_INTERVAL_MS: '0',
        ARXIV_HARVEST_INTERVAL_MS: '0',
        STAR_REFRESH_INTERVAL_MS: '0',
        RECENT_STAR_REFRESH_INTERVAL_MS: '0',
      });
      for (const path of ['/', '/?window=day', '/?window=week', '/?window=month', '/api/papers/trending', '/api/papers/trending?window=day',
        '/feeds/trending.rss', '/feeds/trending.atom', '/feeds/trending.json', '/feeds/daily.rss', '/papers']) {
        const res: Response = await fetch(served.url + path);
        assert.equal(res.status, 200, `${path} on ${t.url.split(':')[0]}`);
        await res.arrayBuffer();
      }
      const week = (await (await fetch(`${served.url}/api/papers/trending?window=week&limit=100`)).json()) as { papers: unknown[] };
      assert.ok(week.papers.length >= 10, `the demo's last week lists its papers (${week.papers.length})`);
      assert.equal(await stop(served), 0, 'SIGTERM ends serve cleanly');
      served = null;
      const recompute = spawnSync(process.execPath, ['bin/paperboy', 'trending', '--recompute'], { cwd: ROOT, env: { ...process.env, DATABASE_URL: t.url }, encoding: 'utf8' });
      assert.equal(recompute.status, 0, recompute.stderr);
    } finally {
      await stop(served, 'SIGKILL');
      await t.close();
    }
  });

  describe('harvesting Hugging Face with no worker process', () => {
    let t: OpenedTestDb;
    let hf: HfApiServer;
    let served: Served | null = null;
    const today = dayOf(Date.now());
    const yesterday = addDays(today, -1);
    const todays: HfItem[] = demoHfDay('2025-12-30');
    const env = () => ({
      DATABASE_URL: t.url,
      DEMO_DIR: '',
      HF_API_URL: hf.url,
      HF_HARVEST_INTERVAL_MS: '2000',
      HF_REFRESH_DAYS: '2',
      HF_TIMEOUT_MS: '3000',
      ARXIV_HARVEST_INTERVAL_MS: '0',
      STAR_REFRESH_INTERVAL_MS: '0',
      RECENT_STAR_REFRESH_INTERVAL_MS: '0',
      TRENDING_RECOMPUTE_INTERVAL_MS: '0',
      WORKER_POLL_MS: '100',
      WORKER_LEASE_MS: '2000',
      WORKER_RETRY_BASE_MS: '500',
    });
    const count = async (q: ReturnType<typeof sql>) => Number((await t.db.get<{ n: number }>(q))?.n ?? 0);
    let lastStatus = '';
    const status = () => {
      const r = spawnSync(process.execPath, ['bin/paperboy', 'worker', '--status'], { cwd: ROOT, env: { ...process.env, ...env() }, encoding: 'utf8' });
      lastStatus = r.stdout + r.stderr;
      return lastStatus;
    };

    before(async () => {
      t = await suiteTestDatabase().open();
      hf = await startHfApiServer();
      hf.days.set(today, structuredClone(todays));
      hf.days.set(yesterday, demoHfDay('2025-12-31'));
    });
    after(async () => {
      await stop(served, 'SIGKILL');
      await hf?.close();
      await t?.close();
    });

    it('a process killed mid-harvest loses nothing and counts nothing twice when started again', { timeout: 180_000 }, async () => {
      hf.slow.set(yesterday, 30_000);
      served = await startServe(env());
      await waitFor('the harvest to reach yesterday', async () => hf.requests.some((r) => r.includes(`date=${yesterday}`)));
      await stop(served, 'SIGKILL');
      hf.slow.clear();
      served = await startServe(env());
      const expected = todays.length + 4;
      await waitFor(`${expected} papers`, async () => (await count(sql`SELECT COUNT(*) AS n FROM papers`)) === expected);
      await waitFor('Hugging Face counts recorded for every paper', async () => (await count(sql`SELECT COUNT(DISTINCT paper_id) AS n FROM hf_upvote_history`)) === expected);
      await sleep(3000); // a few more harvests of the same lists
      assert.equal(await count(sql`SELECT COUNT(*) AS n FROM hf_upvote_history`), expected, 'one observation per paper: unchanged counts add nothing');
      const mismatched = await t.db.all(sql`SELECT p.id FROM papers p LEFT JOIN (SELECT paper_id, SUM(votes) AS v FROM upvote_tallies WHERE source = 'hf' GROUP BY paper_id) u
        ON u.paper_id = p.id WHERE COALESCE(u.v, 0) <> p.hf_upvotes`);
      assert.deepEqual(mismatched, [], 'the upvotes trending counts add up to Hugging Face’s, none counted twice');
    });

    it('counts upvotes gained between two harvests, and the trending order moves', { timeout: 120_000 }, async () => {
      type Trending = { papers: { paper: { id: string }; parts: { upvotes: number } }[] };
      const list = async () => (await (await fetch(`${served!.url}/api/papers/trending?window=day&limit=100`)).json()) as Trending;
      const before = await list();
      const todaysIds = new Set(hf.days.get(today)!.map((i) => i.paper.id));
      const last = before.papers.filter((p) => todaysIds.has(p.paper.id)).at(-1)!;
      const was = before.papers.indexOf(last);
      const id = last.paper.id;
      const item = hf.days.get(today)!.find((i) => i.paper.id === id)!;
      item.paper.upvotes += 40;
      await waitFor('the change to be harvested', async () => (await count(sql`SELECT COUNT(*) AS n FROM hf_upvote_history WHERE paper_id = ${id}`)) === 2);
      const gained = await t.db.get<{ v: number }>(sql`SELECT SUM(votes) AS v FROM upvote_tallies WHERE paper_id = ${id} AND source = 'hf' AND bucket_at > ${Date.parse(`${today}T00:00:00Z`)}`);
      assert.equal(Number(gained?.v), 40, 'the difference is counted as upvotes cast since the last harvest');
      const after = await waitFor('the ranking to follow', async () => {
        const l = await list();
        return l.papers.find((p) => p.paper.id === id)?.parts.upvotes === last.parts.upvotes + 40 ? l : null;
      });
      assert.ok(after.papers.findIndex((p) => p.paper.id === id) < was, `${id} climbs from #${was + 1}`);
    });

    it('a source that answers 503 or times out shows as failing, backs off, and recovers', { timeout: 180_000 }, async () => {
      hf.mode = '503';
      await waitFor(() => `hf-harvest to show as failing; status said:\n${lastStatus}`, async () => /hf-harvest\s+failing \(\d+ in a row\).*HTTP 503/.test(status()));
      hf.mode = 'hang';
      const hangFrom = hf.requests.length;
      await waitFor('it to keep trying', async () => hf.requests.length > hangFrom);
      await waitFor(() => `a timeout to show; status said:\n${lastStatus}`, async () => /hf-harvest\s+failing.*timed out/.test(status()));
      hf.mode = 'ok';
      await waitFor(() => `hf-harvest to recover; status said:\n${lastStatus}`, async () => /hf-harvest\s+(ok|running on \S+)\s+last ok just now/.test(status()));
      assert.match(await (await fetch(`${served!.url}/`)).text(), /Catalog updated <time datetime="/);
      assert.equal(await stop(served), 0);
      served = null;
    });
  });
});
