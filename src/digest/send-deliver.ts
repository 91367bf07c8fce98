// Step 4 of a run, deliver: hand a batch's mails to the SMTP server over `connections` parallel
// senders at the throttled rate, and record each server answer (sent, retry later, suppressed).
import type { Db } from '../db/db.ts';
import { classifySmtpFailure } from '../mail/retry-policy.ts';
import { buildAlternativeMessage } from '../mail/mime.ts';
import type { OutgoingMail } from '../mail/transport.ts';
import * as store from '../store/digests.ts';
import { insertSuppression } from '../store/subscribers.ts';
import type { Prepared, RunContext } from './send-run.ts';
import { backoffMs, createThrottle } from './throttle.ts';

/** How a batch went: `stopped` when the server became unreachable; `unsent` rows to give back. */
export interface Delivered {
  stopped: boolean;
  unsent: number[];
}

/** The one way a digest becomes a message: built in one pass by mime.ts, sent as is. */
export function digestMessage(from: string, p: Prepared, messageId: string): OutgoingMail {
  const mail = { to: p.subscriber.email, subject: p.mail.subject, text: p.mail.text, html: p.mail.html, headers: p.mail.headers, messageId };
  return { ...mail, raw: buildAlternativeMessage({ ...mail, from }) };
}

/**
 * Records SMTP acceptances. Each waits at most one event-loop turn, and acceptances that arrive
 * in the same turn share one transaction: the duplicate window stays that one turn, while a run
 * costs far fewer commits (one round trip each on PostgreSQL).
 */
function createSentRecorder(db: Db, runId: number, now: () => number) {
  let queue: { p: Prepared; messageId: string; done: (err?: unknown) => void }[] = [];
  const flush = async () => {
    const items = queue;
    queue = [];
    try {
      await db.transaction(async (tx) => {
        for (const { p, messageId } of items) {
          if (await store.markOutboxSent(tx, p.row.id, messageId, p.papers.length, now())) {
            await store.insertSentPapers(tx, p.subscriber.id, p.papers.map((x) => x.id), runId, now());
          }
        }
      });
      for (const i of items) i.done();
    } catch (err) {
      for (const i of items) i.done(err);
    }
  };
  return (p: Prepared, messageId: string) =>
    new Promise<void>((resolve, reject) => {
      if (queue.length === 0) setImmediate(flush);
      queue.push({ p, messageId, done: (err) => (err ? reject(err) : resolve()) });
    });
}

/** A deliverer for one run; it counts consecutive connection failures across batches (see settleBatch). */
export function createDeliverer(ctx: RunContext) {
  const { db, digest: dc, mailer, now } = ctx;
  const throttle = createThrottle(dc.ratePerSecond, now, ctx.sleep);
  const recordSent = createSentRecorder(db, ctx.runId, now);
  const host = new URL(ctx.config.publicUrl).hostname;
  const state = { connectionFailures: 0 };

  /** One message: sent, or its failure recorded (suppressed for 5xx, retried later, or failed for good). */
  async function deliverOne(p: Prepared): Promise<'sent' | 'retry' | 'connection' | 'permanent'> {
    // Stable per (run, subscriber): a copy sent again after a crash is recognisable downstream.
    const messageId = `<digest.${ctx.runId}.${p.subscriber.id}@${host}>`;
    try {
      await mailer.send(digestMessage(mailer.from, p, messageId));
    } catch (err) {
      const { kind, code, message } = classifySmtpFailure(err);
      if (kind === 'permanent') {
        await db.transaction(async (tx) => {
          await insertSuppression(tx, p.subscriber.email, `SMTP ${code}: ${message}`.slice(0, 300), code, now());
          await store.markOutboxFinal(tx, [p.row.id], 'suppressed', message, code);
        });
        ctx.log(`suppressed ${p.subscriber.email}: ${code} ${message}`);
        return 'permanent';
      }
      const attempts = p.row.attempts + 1;
      if (attempts >= dc.maxAttempts) await store.markOutboxFinal(db, [p.row.id], 'failed', message, code);
      else await store.markOutboxRetry(db, p.row.id, message, code, now() + backoffMs(attempts, dc.retryBaseMs, dc.retryMaxMs));
      if (code === null) state.connectionFailures++;
      return code === null ? 'connection' : 'retry';
    }
    state.connectionFailures = 0;
    await recordSent(p, messageId);
    ctx.report.sentNow++;
    return 'sent';
  }

  return {
    state,
    /** Sends the batch until done, the server is unreachable, or `sendBy` passes. */
    async deliverBatch(prepared: Prepared[], sendBy: number): Promise<Delivered> {
      let stopped = false;
      const unsent: number[] = [];
      let next = 0;
      const worker = async () => {
        while (next < prepared.length) {
          const p = prepared[next++]!;
          if (stopped || now() > sendBy) {
            unsent.push(p.row.id);
            continue;
          }
          await throttle();
          if ((await deliverOne(p)) === 'connection') stopped = true;
        }
      };
      await Promise.all(Array.from({ length: Math.min(dc.connections, prepared.length) }, worker));
      return { stopped, unsent };
    },
  };
}
