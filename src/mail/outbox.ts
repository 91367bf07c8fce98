// The transactional-mail outbox: requests queue a message (in their own transaction), and a
// sender in each web process (and the worker's `mail-send` job) delivers it with retries.
//
// Delivery is at-least-once with one narrow window, as for digests: a message is marked sent in
// the statement that follows the SMTP server's 250. A crash between the two (one round trip)
// sends it again once its lease runs out; its Message-ID is the same, so receivers can drop it.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Config } from '../config.ts';
import type { Db } from '../db/db.ts';
import type { Mailer } from './transport.ts';
import { backoffMs, classifySmtpFailure } from './retry-policy.ts';
import * as store from '../store/mail-outbox.ts';
import { insertSuppression, isSuppressed } from '../store/subscribers.ts';

export type { NewOutboxMail, MailKind } from '../store/mail-outbox.ts';

/** Queues a message. Run it in the transaction that stores the token the mail carries. */
export async function enqueueMail(db: Db, config: Config, mail: store.NewOutboxMail, now = Date.now()): Promise<void> {
  const host = new URL(config.publicUrl).hostname || 'localhost';
  await store.insertOutboxMail(db, mail, `<${randomBytes(12).toString('hex')}.${mail.kind}@${host}>`, now);
}

export interface MailSender {
  /** A message was queued: send it now rather than at the next poll. */
  kick(): void;
  /** Sends everything due now; resolves with how many were handed to the SMTP server. */
  drain(): Promise<number>;
  /** Stops polling and waits for the pass in progress. */
  stop(): Promise<void>;
}

export interface MailSenderDeps {
  db: Db;
  config: Config;
  mailer: Mailer;
  log?: (line: string) => void;
  now?: () => number;
  /** Poll for due retries and other processes' messages (off for a one-shot drain). */
  poll?: boolean;
}

const BATCH = 20;
const CONNECTIONS = 3;

export function createMailSender(deps: MailSenderDeps): MailSender {
  const { db, config, mailer } = deps;
  const mc = config.mail;
  const now = deps.now ?? Date.now;
  const log = deps.log ?? ((l: string) => console.error(l));
  const owner = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  let running: Promise<number> | null = null;
  let again = false;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let connectionFailures = 0;

  /** One pass: claim due messages in batches until none is left (or the server is unreachable). */
  async function pass(): Promise<number> {
    let sent = 0;
    for (;;) {
      const claimed = await store.claimOutboxMail(db, owner, BATCH, now(), mc.leaseMs);
      if (claimed.length === 0) return sent;
      let unreachable = false;
      const unsent: number[] = [];
      let next = 0;
      const worker = async () => {
        while (next < claimed.length) {
          const m = claimed[next++]!;
          if (unreachable) {
            unsent.push(m.id);
            continue;
          }
          const outcome = await deliver(m);
          if (outcome === 'sent') sent++;
          if (outcome === 'connection') unreachable = true;
        }
      };
      await Promise.all(Array.from({ length: Math.min(CONNECTIONS, claimed.length) }, worker));
      if (unreachable) {
        // The server is down: give the rest back with a pause instead of spending their attempts.
        await store.releaseOutboxMail(db, unsent, owner, now() + backoffMs(connectionFailures, mc.retryBaseMs, mc.retryMaxMs));
        return sent;
      }
    }
  }

  async function deliver(m: store.ClaimedMail): Promise<'sent' | 'retry' | 'connection' | 'final'> {
    if (m.expiresAt <= now()) {
      await store.markOutboxMailFinal(db, m.id, owner, 'expired', 'its link expired before it could be delivered', null, false);
      return 'final';
    }
    if (await isSuppressed(db, m.to)) {
      await store.markOutboxMailFinal(db, m.id, owner, 'suppressed', 'address is on the suppression list', null, false);
      return 'final';
    }
    try {
      await mailer.send({ to: m.to, subject: m.subject, text: m.text, html: m.html ?? undefined, messageId: m.messageId });
    } catch (err) {
      const f = classifySmtpFailure(err);
      if (f.kind === 'permanent') {
        await db.transaction(async (tx) => {
          await insertSuppression(tx, m.to, `SMTP ${f.code}: ${f.message}`.slice(0, 300), f.code, now());
          await store.markOutboxMailFinal(tx, m.id, owner, 'suppressed', f.message, f.code, true);
        });
        log(`mail to ${m.to} refused for good (${f.code}); address suppressed`);
        return 'final';
      }
      const attempts = m.attempts + 1;
      const retryAt = now() + backoffMs(attempts, mc.retryBaseMs, mc.retryMaxMs);
      if (attempts >= mc.maxAttempts || retryAt >= m.expiresAt) {
        await store.markOutboxMailFinal(db, m.id, owner, 'failed', f.message, f.code, true);
        log(`mail to ${m.to} given up after ${attempts} attempts: ${f.message}`);
        return 'final';
      }
      await store.markOutboxMailRetry(db, m.id, owner, f.message, f.code, retryAt);
      if (f.kind === 'connection') connectionFailures++;
      log(`mail to ${m.to} will be retried (attempt ${attempts}): ${f.message}`);
      return f.kind === 'connection' ? 'connection' : 'retry';
    }
    connectionFailures = 0;
    await recordSent(m.id);
    return 'sent';
  }

  /**
   * The server took the message: record it, trying again while the database is briefly away (a
   * restart, a terminated connection). Giving up here would leave the row pending, and it would
   * be sent a second time once the lease runs out.
   */
  async function recordSent(id: number): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await store.markOutboxMailSent(db, id, owner, now());
        return;
      } catch (err) {
        if (attempt >= 8) throw err;
        await new Promise((r) => setTimeout(r, Math.min(2_000, 100 * 2 ** attempt)));
      }
    }
  }

  /** Wakes up when the next pending message becomes due, or at the next poll, whichever is first. */
  async function arm(): Promise<void> {
    if (stopped || deps.poll === false) return;
    const nextAt = await store.getOutboxMailNextAt(db).catch(() => null);
    const wait = Math.max(10, Math.min(mc.pollMs, nextAt === null ? mc.pollMs : nextAt - now() + 5));
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => kick(), wait);
    timer.unref(); // never what keeps a process alive
  }

  function drain(): Promise<number> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let total = 0;
      try {
        do {
          again = false;
          total += await pass();
        } while (again && !stopped);
      } catch (err) {
        // The database was unreachable (a restart, a killed connection): try again at the next poll.
        log(`mail outbox: ${(err as Error).message}`);
      } finally {
        running = null;
      }
      await arm();
      return total;
    })();
    return running;
  }

  function kick(): void {
    if (!stopped) void drain();
  }

  if (deps.poll !== false) kick();
  return {
    kick,
    drain,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
