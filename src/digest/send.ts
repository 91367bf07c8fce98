// Sends one digest run from the durable outbox, in named steps: fill the outbox (send-fill.ts),
// then batch by batch claim rows with a lease (send-claim.ts), compose their mails
// (send-compose.ts, papers from send-choose.ts), deliver them and record the SMTP server's answers
// (send-deliver.ts), and back off from an unreachable server (send-back-off.ts). Resumable after
// a crash without duplicates.
//
// Exactly-once, honestly: a row is marked sent in the transaction that follows the server's 250
// reply. A crash between that reply and the commit (well under a millisecond on SQLite, one round
// trip on PostgreSQL) leaves the row leased but unsent, and after the lease runs out it is sent
// again: the only window for a duplicate. Its Message-ID is stable per (run, subscriber), so
// receiving systems that de-duplicate by Message-ID drop the copy. Everything else (crash before
// the send, 4xx, refused connections, a rerun of the same day) sends nothing twice.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import * as store from '../store/digests.ts';
import { loadDigestCandidates } from './candidates.ts';
import { createDigestRenderer } from './compose.ts';
import { digestWindow, isDailySendingDay, weekdayOf } from './schedule.ts';
import type { RunContext, SendDeps, SendOptions, SendReport } from './send-run.ts';
import { createPaperChooser } from './send-choose.ts';
import { countDryRun, fillOutbox } from './send-fill.ts';
import { createClaimer } from './send-claim.ts';
import { composeBatch } from './send-compose.ts';
import { createDeliverer } from './send-deliver.ts';
import { settleBatch } from './send-back-off.ts';

export type { SendDeps, SendOptions, SendReport } from './send-run.ts';

export async function sendDigestRun(deps: SendDeps, opts: SendOptions): Promise<SendReport> {
  const { db, config } = deps;
  const now = deps.now ?? Date.now;
  const dc = config.digest;
  const report: SendReport = { period: opts.period, dueOn: opts.dueOn, runId: null, note: null, counts: {}, sentNow: 0 };
  if (opts.period === 'daily' && !isDailySendingDay(opts.dueOn, dc.weekends)) {
    report.note = `no daily digest on ${opts.dueOn}: weekend mail is off (DIGEST_WEEKENDS)`;
    return report;
  }
  const window = digestWindow(opts.period, opts.dueOn, dc.weekends);
  const weekday = weekdayOf(opts.dueOn);
  const candidates = await loadDigestCandidates(db, window);
  const chooser = createPaperChooser(deps, candidates, dc.maxPapers);

  if (opts.dryRun) {
    const counts = await countDryRun(db, opts.period, weekday, chooser);
    const existing = await store.getDigestRun(db, opts.period, opts.dueOn);
    report.runId = existing?.id ?? null;
    report.note = existing ? `dry run; this digest already exists (${existing.state})` : 'dry run: nothing recorded, nothing sent';
    report.counts = { ...counts, candidates: candidates.length };
    return report;
  }

  if (!deps.mailer) throw new Error('sending a digest needs a mailer (SMTP_URL)');
  const run = await store.ensureDigestRun(db, { period: opts.period, dueOn: opts.dueOn, windowFrom: window.from, windowTo: window.to }, now());
  report.runId = run.id;
  if (run.state === 'done') {
    report.note = `the ${opts.period} digest due ${opts.dueOn} was already sent`;
    report.counts = await store.countOutboxByState(db, run.id);
    return report;
  }
  if (run.state === 'filling') await fillOutbox(db, run.id, opts.period, weekday, now);

  const ctx: RunContext = {
    db,
    config,
    digest: dc,
    mailer: deps.mailer,
    runId: run.id,
    owner: `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`,
    now,
    sleep: deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms))),
    log: deps.log ?? (() => {}),
    report,
  };
  const renderer = createDigestRenderer({ publicUrl: config.publicUrl, period: opts.period, dueOn: opts.dueOn });
  const claimer = createClaimer(ctx, opts.giveUpAt);
  const deliverer = createDeliverer(ctx);
  for (let claim = await claimer.next(); claim; claim = await claimer.next()) {
    const prepared = await composeBatch(ctx, claim.rows, chooser, renderer);
    const delivered = await deliverer.deliverBatch(prepared, claim.sendBy);
    if (await settleBatch(ctx, delivered, deliverer.state.connectionFailures)) claimer.rewind();
  }
  report.counts = await store.countOutboxByState(db, run.id);
  return report;
}
