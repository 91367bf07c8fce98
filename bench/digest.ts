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
import { buildAlternativeMessage } from '../src/mail/mime.ts';
import { weekdayOf } from '../src/digest/schedule.ts';
import { addDays } from '../src/periods.ts';
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
  const days = readdirSync(HF_DIR).filter((f) => f.endsWith('.json')).sort().slice(-DAYS);
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

/** Days of real Daily Papers loaded: enough that each of the 7 due days' week has papers. */
const DAYS = 12;
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
    // Subscribers are spread over the 7 weekdays, so the 20,000 digests go out as 7 weekly runs
    // (one per due day), each timed between slices of the two floors: on a shared machine whose
    // load drifts, every row of the table sees the same conditions.
    const firstDue = addDays(lastDay, 1);
    const dues = Array.from({ length: 7 }, (_, k) => addDays(firstDue, k));
    const topicsFor = (i: number): Topics =>
      i % 3 === 1 ? { categories: [], keywords: ['video', 'agent', 'reasoning'], query: null } : i % 3 === 2 ? { categories: [], keywords: ['model'], query: null } : { categories: [], keywords: [], query: null };
    await db.transaction(async (tx) => {
      for (let i = 1; i <= n; i++) {
        const id = await insertPendingSubscriber(tx, `reader${i}@bench.example`, { frequency: 'weekly', weekday: weekdayOf(dues[i % 7]!), topics: topicsFor(i) }, 1);
        await confirmSubscriber(tx, id!, 2);
      }
    });
    process.stdout.write(`digest bench: ${n} subscribers, ${papers.length} real HF papers (${DAYS} days to ${lastDay}), ${connections} SMTP connections, SQLite, 7 runs\n`);

    const sample = (await previewDigest(db, config, 'reader7@bench.example', 'weekly', firstDue))!;
    const rawSample = buildAlternativeMessage({ ...sample, from: config.mail.from, to: 'floor@bench.example', messageId: '<floor@bench.example>' });
    const floorMailer = createMailer(config, { maxConnections: connections });
    const floor = async (count: number, raw: boolean): Promise<number> => {
      let next = 0;
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: connections }, async () => {
          while (next++ < count) {
            const to = `floor${next}@bench.example`;
            await floorMailer.send(raw ? { to, subject: '', text: '', raw: rawSample } : { to, subject: sample.subject, text: sample.text, html: sample.html, headers: sample.headers });
          }
        }),
      );
      return (performance.now() - t0) / 1000;
    };
    const mailer = createMailer(config, { maxConnections: connections });
    let floorSec = 0;
    let rawSec = 0;
    let oursSec = 0;
    let sent = 0;
    let floorCount = 0;
    const counts: Record<string, number> = {};
    const before = await sink.count();
    let floorMessages = 0;
    for (const [k, dueOn] of dues.entries()) {
      const slice = Math.floor(((k + 1) * n) / 7) - Math.floor((k * n) / 7);
      floorSec += await floor(slice, false);
      rawSec += await floor(slice, true);
      floorCount += slice;
      floorMessages += 2 * slice;
      const t = performance.now();
      const report = await sendDigestRun({ db, mailer, config }, { period: 'weekly', dueOn });
      oursSec += (performance.now() - t) / 1000;
      sent += report.sentNow;
      for (const [state, c] of Object.entries(report.counts)) counts[state] = (counts[state] ?? 0) + c;
    }
    mailer.close();
    floorMailer.close();
    const received = (await sink.count()) - before - floorMessages;
    const rssPeak = process.resourceUsage().maxRSS;
    const mem = process.memoryUsage();

    const floorRate = floorCount / floorSec;
    const rawRate = floorCount / rawSec;
    const oursRate = sent / oursSec;
    const rows = [
      ['nodemailer bare loop, one pre-rendered message (floor)', floorCount, floorSec, floorRate],
      ['nodemailer bare loop, one pre-built raw MIME message', floorCount, rawSec, rawRate],
      ['paperboy digest send: fill + compose + tokens + send + record', sent, oursSec, oursRate],
    ] as const;
    process.stdout.write(`\n${'what'.padEnd(64)} ${'messages'.padStart(8)} ${'seconds'.padStart(8)} ${'msg/s'.padStart(8)}\n`);
    for (const [what, count, sec, rate] of rows) {
      process.stdout.write(`${what.padEnd(64)} ${String(count).padStart(8)} ${sec.toFixed(1).padStart(8)} ${rate.toFixed(0).padStart(8)}\n`);
    }
    process.stdout.write(`\nratio to floor: ${(oursRate / floorRate).toFixed(2)} (goal >= 0.5); to the raw-message loop: ${(oursRate / rawRate).toFixed(2)}\n`);
    process.stdout.write(`${oursRate.toFixed(0)} msg/s (goal >= 500); peak RSS of the whole process ${mb(rssPeak)} (goal <= 300 MB)\n`);
    process.stdout.write(`outbox: ${JSON.stringify(counts)}; the SMTP server received ${received} digests\n`);
    process.stdout.write(`memory at the end: rss ${mb(mem.rss / 1024)}, JS heap ${mb(mem.heapUsed / 1024)} of ${mb(mem.heapTotal / 1024)}, external ${mb(mem.external / 1024)}\n`);
    await db.close();
  } finally {
    sink.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
