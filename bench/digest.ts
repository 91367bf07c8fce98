// `npm run bench -- digest [--n 20000] [--connections 5]`: compose + send N digests through the
// outbox to a local discarding SMTP server, next to nodemailer sending one pre-rendered message
// in a bare loop to the same server (the floor), in the same run. Prints messages/s and peak RSS.
import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.ts';
import { openDb } from '../src/db/db.ts';
import { migrate } from '../src/db/migrate.ts';
import { createMailer } from '../src/mail/transport.ts';
import { upsertPapers } from '../src/store/papers.ts';
import { confirmSubscriber, insertPendingSubscriber } from '../src/store/subscribers.ts';
import { sendDigestRun } from '../src/digest/send.ts';
import { previewDigest } from '../src/digest/preview.ts';
import type { PaperInput, Topics } from '../src/model.ts';

const SINK = fileURLToPath(new URL('./_smtp-discard.ts', import.meta.url));
const HF_DIR = fileURLToPath(new URL('../../shared/data/hf-daily-papers/', import.meta.url));

async function startSink() {
  const child = fork(SINK, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve) => child.on('message', (m: { ready?: boolean; port?: number }) => m.ready && resolve(m.port!)));
  let id = 0;
  const count = () =>
    new Promise<number>((resolve) => {
      const my = ++id;
      const on = (m: { id?: number; count?: number }) => {
        if (m.id === my) {
          child.off('message', on);
          resolve(m.count!);
        }
      };
      child.on('message', on);
      child.send({ cmd: 'count', id: my });
    });
  return { url: `smtp://127.0.0.1:${port}`, count, stop: () => child.kill('SIGTERM') };
}

/** A week of real Hugging Face Daily Papers, as featured papers. */
function realPapers(): { papers: PaperInput[]; lastDay: string } {
  const days = readdirSync(HF_DIR).filter((f) => f.endsWith('.json')).sort().slice(-5);
  const papers: PaperInput[] = [];
  for (const f of days) {
    const day = f.slice(0, 10);
    for (const e of JSON.parse(readFileSync(join(HF_DIR, f), 'utf8')) as { paper: Record<string, any>; numComments?: number }[]) {
      const p = e.paper;
      papers.push({
        id: p.id, version: 0, versions: [], title: p.title, abstract: p.summary ?? '', authors: (p.authors ?? []).map((a: { name: string }) => a.name),
        categories: [], primaryCategory: null, comments: null, journalRef: null, doi: null, license: null, publishedAt: p.publishedAt ? Date.parse(p.publishedAt) : null, updatedAt: null,
        codeUrls: p.githubRepo ? [p.githubRepo] : [], projectUrls: [], source: 'hf-daily',
        daily: { featuredOn: day, submittedBy: null, upvotes: p.upvotes ?? 0, numComments: e.numComments ?? 0, githubStars: p.githubStars ?? null, aiKeywords: p.ai_keywords ?? [], aiSummary: p.ai_summary ?? null },
      });
    }
  }
  return { papers, lastDay: days[days.length - 1]!.slice(0, 10) };
}

const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { n: { type: 'string' }, connections: { type: 'string' } } });
  const n = Number(values.n ?? 20_000);
  const connections = Number(values.connections ?? 5);
  const sink = await startSink();
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-bench-digest-'));
  try {
    const env = { SMTP_URL: sink.url, PUBLIC_URL: 'https://paperboy.example', DIGEST_SMTP_CONNECTIONS: String(connections), DATABASE_URL: `sqlite:${join(dir, 'bench.db')}` };
    const config = loadConfig(env);
    const db = await openDb(config.databaseUrl);
    await migrate(db);
    const { papers, lastDay } = realPapers();
    await upsertPapers(db, papers);
    const dueOn = new Date(Date.parse(`${lastDay}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const topicsFor = (i: number): Topics =>
      i % 3 === 1 ? { categories: [], keywords: ['video', 'agent', 'reasoning'], query: null } : i % 3 === 2 ? { categories: [], keywords: ['model'], query: null } : { categories: [], keywords: [], query: null };
    await db.transaction(async (tx) => {
      for (let i = 1; i <= n; i++) {
        const id = await insertPendingSubscriber(tx, `reader${i}@bench.example`, { frequency: 'weekly', weekday: new Date(`${dueOn}T00:00:00Z`).getUTCDay(), topics: topicsFor(i) }, 1);
        await confirmSubscriber(tx, id!, 2);
      }
    });
    process.stdout.write(`digest bench: ${n} subscribers, ${papers.length} real HF papers (5 days to ${lastDay}), ${connections} SMTP connections, SQLite\n`);

    // Floor: one pre-rendered digest, sent by nodemailer in a bare loop (same pool size). Half of
    // it runs before ours and half after, so load drifting on a shared machine hits both alike.
    const sample = (await previewDigest(db, config, 'reader1@bench.example', 'weekly', dueOn))!;
    const floor = async (count: number): Promise<number> => {
      const floorMailer = createMailer(config, { maxConnections: connections });
      let next = 0;
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: connections }, async () => {
          while (next++ < count) await floorMailer.send({ to: `floor${next}@bench.example`, subject: sample.subject, text: sample.text, html: sample.html, headers: sample.headers });
        }),
      );
      floorMailer.close();
      return (performance.now() - t0) / 1000;
    };
    let floorSec = await floor(Math.floor(n / 2));
    const rssAfterFloor = process.resourceUsage().maxRSS;
    const before = await sink.count();

    const mailer = createMailer(config, { maxConnections: connections });
    const t1 = performance.now();
    const report = await sendDigestRun({ db, mailer, config }, { period: 'weekly', dueOn });
    const oursSec = (performance.now() - t1) / 1000;
    mailer.close();
    const received = (await sink.count()) - before;
    const rssPeak = process.resourceUsage().maxRSS;
    const mem = process.memoryUsage();
    floorSec += await floor(n - Math.floor(n / 2));

    const floorRate = n / floorSec;
    const oursRate = report.sentNow / oursSec;
    const rows = [
      ['nodemailer bare loop, one pre-rendered message (floor)', n, floorSec, floorRate, mb(rssAfterFloor)],
      ['paperboy digest send: fill + compose + tokens + send + record', report.sentNow, oursSec, oursRate, mb(rssPeak)],
    ] as const;
    process.stdout.write(`\n${'what'.padEnd(64)} ${'messages'.padStart(8)} ${'seconds'.padStart(8)} ${'msg/s'.padStart(8)}  peak RSS\n`);
    for (const [what, count, sec, rate, rss] of rows) {
      process.stdout.write(`${what.padEnd(64)} ${String(count).padStart(8)} ${sec.toFixed(1).padStart(8)} ${rate.toFixed(0).padStart(8)}  ${rss}\n`);
    }
    process.stdout.write(`\nratio to floor: ${(oursRate / floorRate).toFixed(2)} (goal >= 0.5); ${oursRate.toFixed(0)} msg/s (goal >= 500); peak RSS ${mb(rssPeak)} (goal <= 300 MB)\n`);
    process.stdout.write(`outbox: ${JSON.stringify(report.counts)}; the SMTP server received ${received}\n`);
    process.stdout.write(`memory at the end: rss ${mb(mem.rss / 1024)}, JS heap ${mb(mem.heapUsed / 1024)} of ${mb(mem.heapTotal / 1024)}, external ${mb(mem.external / 1024)}\n`);
    await db.close();
  } finally {
    sink.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
