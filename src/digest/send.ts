// Sends one digest run from the durable outbox: fill by subscriber-id cursor, claim with a lease,
// compose, send, record the SMTP server's answer; resumable after a crash without duplicates.
//
// Exactly-once, honestly: a row is marked sent in the transaction that follows the server's 250
// reply. A crash between that reply and the commit (well under a millisecond on SQLite, one round
// trip on PostgreSQL) leaves the row leased but unsent, and after the lease runs out it is sent
// again: the only window for a duplicate. Its Message-ID is stable per (run, subscriber), so
// receiving systems that de-duplicate by Message-ID drop the copy. Everything else (crash before
// the send, 4xx, refused connections, a rerun of the same day) sends nothing twice.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Config } from '../config.ts';
import type { Db } from '../db/db.ts';
import type { SearchService } from '../search/service.ts';
import type { Mailer } from '../mail/transport.ts';
import { smtpReplyCode } from '../mail/transport.ts';
import { buildAlternativeMessage } from '../mail/mime.ts';
import type { DigestPeriod, Paper, Subscriber } from '../model.ts';
import * as store from '../store/digests.ts';
import { insertSubscriberTokens, insertSuppression, listSubscribersForSending, type TokenRow } from '../store/subscribers.ts';
import { loadDigestCandidates } from './candidates.ts';
import { createDigestRenderer, selectDigestPapers, type ComposedDigest, type DigestForYou } from './compose.ts';
import { createForYouService, type ForYouService } from '../foryou/for-you-service.ts';
import { listUserIdsByEmails } from '../store/users.ts';
import { digestWindow, isDailySendingDay, weekdayOf } from './schedule.ts';
import { backoffMs, createThrottle } from './throttle.ts';
import { issueToken, MANAGE_TOKEN_TTL_MS, UNSUBSCRIBE_TOKEN_TTL_MS } from './tokens.ts';

export interface SendDeps {
  db: Db;
  /** Not needed for a dry run. */
  mailer: Mailer | null;
  config: Config;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  log?: (line: string) => void;
  /** The search service for saved-search topics, opened only if a subscriber has one. */
  search?: () => Promise<SearchService | null>;
  /**
   * A member's For-you picks, for subscribers who are members under the same address (a section
   * after the trending papers). Built over `search` when absent; none without a search service.
   */
  forYou?: ForYouService | null;
}

/** How many personal picks a digest carries: a taste of the feed, not a second digest. */
const FOR_YOU_IN_DIGEST = 3;

export interface SendOptions {
  period: DigestPeriod;
  dueOn: string;
  dryRun?: boolean;
  /** Stop waiting for retries at this time and leave the rest pending for the next invocation. */
  giveUpAt?: number;
}

export interface SendReport {
  period: DigestPeriod;
  dueOn: string;
  runId: number | null;
  /** Why nothing was done, when nothing was (weekend, already done). */
  note: string | null;
  /** Outbox rows by state after this invocation (dry run: what would happen). */
  counts: Record<string, number>;
  /** Messages this invocation handed to the SMTP server. */
  sentNow: number;
}

interface Prepared {
  row: store.ClaimedRow;
  subscriber: Subscriber;
  papers: Paper[];
  mail: ComposedDigest;
}

/**
 * The For-you section of each subscriber who is a member with the same address: their top picks
 * not already among the digest's papers. A failure here costs the section, never the digest.
 */
async function forYouSections(
  deps: SendDeps,
  openForYou: () => Promise<ForYouService | null>,
  subscribers: readonly Subscriber[],
  chosen: ReadonlyMap<number, Paper[]>,
): Promise<Map<number, DigestForYou>> {
  const out = new Map<number, DigestForYou>();
  const members = await listUserIdsByEmails(deps.db, subscribers.map((s) => s.email));
  if (members.size === 0) return out;
  const forYou = await openForYou();
  if (!forYou) return out;
  for (const s of subscribers) {
    const userId = members.get(s.email.toLowerCase());
    if (userId === undefined) continue;
    try {
      const inDigest = new Set((chosen.get(s.id) ?? []).map((p) => p.id));
      const feed = await forYou.feed(userId, FOR_YOU_IN_DIGEST + inDigest.size);
      if (feed.coldStart && feed.items.every((i) => i.reasons.every((r) => !r.includes('follow')))) continue;
      const items = feed.items.filter((i) => !inDigest.has(i.paper.id)).slice(0, FOR_YOU_IN_DIGEST);
      if (items.length) out.set(s.id, { items: items.map((i) => ({ paper: i.paper, reason: i.reasons.join(' · ') })), url: `${deps.config.publicUrl}/for-you` });
    } catch (err) {
      deps.log?.(`For-you section for subscriber ${s.id} skipped: ${(err as Error).message}`);
    }
  }
  return out;
}

/** Link targets for one message: fresh manage and unsubscribe tokens (only their hashes are stored). */
function linksFor(config: Config) {
  return (subscriberId: number, expiresFrom: number) => {
    const manage = issueToken();
    const unsub = issueToken();
    const tokens: TokenRow[] = [
      { hash: manage.hash, subscriberId, purpose: 'manage', expiresAt: expiresFrom + MANAGE_TOKEN_TTL_MS },
      { hash: unsub.hash, subscriberId, purpose: 'unsubscribe', expiresAt: expiresFrom + UNSUBSCRIBE_TOKEN_TTL_MS },
    ];
    const links = {
      manageUrl: `${config.publicUrl}/subscription/${manage.token}`,
      unsubscribeUrl: `${config.publicUrl}/unsubscribe/${unsub.token}`,
      unsubscribeMailto: `mailto:${config.digest.unsubscribeMailto}?subject=unsubscribe-${unsub.token}`,
    };
    return { tokens, links };
  };
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

export async function sendDigestRun(deps: SendDeps, opts: SendOptions): Promise<SendReport> {
  const { db, config } = deps;
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const log = deps.log ?? (() => {});
  const dc = config.digest;
  const report: SendReport = { period: opts.period, dueOn: opts.dueOn, runId: null, note: null, counts: {}, sentNow: 0 };
  if (opts.period === 'daily' && !isDailySendingDay(opts.dueOn, dc.weekends)) {
    report.note = `no daily digest on ${opts.dueOn}: weekend mail is off (DIGEST_WEEKENDS)`;
    return report;
  }
  const window = digestWindow(opts.period, opts.dueOn, dc.weekends);
  const weekday = weekdayOf(opts.dueOn);
  const candidates = await loadDigestCandidates(db, window);
  const candidateIds = candidates.map((p) => p.id);
  const renderer = createDigestRenderer({ publicUrl: config.publicUrl, period: opts.period, dueOn: opts.dueOn });

  // Saved searches run once per distinct query per run, over the papers published in the
  // candidates' time span (so the 1,000 best hits are drawn from the right days).
  const published = candidates.map((p) => p.publishedAt ?? p.createdAt);
  const span = { from: Math.min(...published), to: Math.max(...published) };
  let search: Promise<SearchService | null> | null = null;
  const queryHits = new Map<string, Promise<Set<string> | null>>();
  const hitsFor = (q: string): Promise<Set<string> | null> => {
    let hits = queryHits.get(q);
    if (!hits) {
      search ??= deps.search ? deps.search().catch(() => null) : Promise.resolve(null);
      hits = search.then(async (s) => (s ? new Set((await s.rank(q, 'keyword', 1000, span)).map((h) => h.id)) : null));
      queryHits.set(q, hits);
    }
    return hits;
  };

  let forYouService: Promise<ForYouService | null> | null = deps.forYou !== undefined ? Promise.resolve(deps.forYou) : null;
  const openForYou = () => {
    search ??= deps.search ? deps.search().catch(() => null) : Promise.resolve(null);
    forYouService ??= search.then((s) => (s ? createForYouService(db, s) : null));
    return forYouService;
  };

  /** Each subscriber's papers, after topics and what they were already sent. */
  async function choosePapers(subscribers: Subscriber[]): Promise<Map<number, Paper[]>> {
    const sent = await store.listSentPaperIds(db, subscribers.map((s) => s.id), candidateIds);
    const bySub = new Map<number, Set<string>>();
    for (const r of sent) (bySub.get(r.subscriberId) ?? bySub.set(r.subscriberId, new Set()).get(r.subscriberId)!).add(r.paperId);
    const chosen = new Map<number, Paper[]>();
    for (const s of subscribers) {
      const hits = s.topics.query && candidates.length ? await hitsFor(s.topics.query) : null;
      chosen.set(s.id, selectDigestPapers(candidates, s.topics, bySub.get(s.id) ?? new Set(), dc.maxPapers, hits));
    }
    return chosen;
  }

  if (opts.dryRun) {
    const counts: Record<string, number> = { wouldSend: 0, empty: 0 };
    for (let after = 0; ; ) {
      const ids = await store.listSubscriberIdsForRun(db, opts.period, weekday, after, 1000);
      if (ids.length === 0) break;
      after = ids[ids.length - 1]!;
      const chosen = await choosePapers(await listSubscribersForSending(db, ids));
      for (const papers of chosen.values()) counts[papers.length ? 'wouldSend' : 'empty']!++;
    }
    const existing = await store.getDigestRun(db, opts.period, opts.dueOn);
    report.runId = existing?.id ?? null;
    report.note = existing ? `dry run; this digest already exists (${existing.state})` : 'dry run: nothing recorded, nothing sent';
    report.counts = { ...counts, candidates: candidates.length };
    return report;
  }

  if (!deps.mailer) throw new Error('sending a digest needs a mailer (SMTP_URL)');
  const mailer = deps.mailer;
  const run = await store.ensureDigestRun(db, { period: opts.period, dueOn: opts.dueOn, windowFrom: window.from, windowTo: window.to }, now());
  report.runId = run.id;
  if (run.state === 'done') {
    report.note = `the ${opts.period} digest due ${opts.dueOn} was already sent`;
    report.counts = await store.countOutboxByState(db, run.id);
    return report;
  }
  if (run.state === 'filling') {
    // Idempotent: a crash mid-fill refills from the start and the UNIQUE key skips rows already queued.
    for (let after = 0; ; ) {
      const ids = await store.listSubscriberIdsForRun(db, opts.period, weekday, after, 1000);
      if (ids.length === 0) break;
      await store.insertOutboxRows(db, run.id, ids);
      after = ids[ids.length - 1]!;
    }
    await store.setDigestRunState(db, run.id, 'sending', now());
  }

  const owner = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  const throttle = createThrottle(dc.ratePerSecond, now, sleep);
  const makeLinks = linksFor(config);
  const recordSent = createSentRecorder(db, run.id, now);
  const host = new URL(config.publicUrl).hostname;
  // A batch must be sendable well within its lease at the throttled rate.
  const batchSize = dc.ratePerSecond > 0 ? Math.max(1, Math.min(dc.batchSize, Math.floor((dc.ratePerSecond * dc.leaseMs) / 2000))) : dc.batchSize;
  let connectionFailures = 0;
  let cursor = 0;

  for (;;) {
    const claimedAt = now();
    const claimed = await store.claimOutboxRows(db, run.id, owner, cursor, batchSize, claimedAt, dc.leaseMs);
    // Start no send that could still be running when the lease ends (a slow server, long
    // timeouts): another sender may claim the row then. The margin covers one message's timeouts.
    const sendBy = claimedAt + dc.leaseMs - Math.min(dc.leaseMs / 5, 60_000);
    if (claimed.length === 0) {
      if (cursor > 0) {
        cursor = 0; // wrap around: earlier rows may be due for a retry now
        continue;
      }
      const { pending, nextAt } = await store.getOutboxPendingSummary(db, run.id);
      if (pending === 0) {
        await store.setDigestRunState(db, run.id, 'done', now());
        break;
      }
      const wakeAt = Math.max(nextAt ?? now(), now() + 5);
      if (opts.giveUpAt !== undefined && wakeAt > opts.giveUpAt) {
        report.note = `${pending} messages wait for a retry; run the same command again to resume`;
        break;
      }
      await sleep(Math.min(wakeAt - now(), 60_000));
      continue;
    }
    cursor = claimed[claimed.length - 1]!.subscriberId;

    const subscribers = new Map((await listSubscribersForSending(db, claimed.map((c) => c.subscriberId))).map((s) => [s.id, s]));
    const sendable = [...subscribers.values()].filter((s) => s.state === 'confirmed' && !s.suppressed);
    const chosen = await choosePapers(sendable);
    const personal = await forYouSections(deps, openForYou, sendable.filter((s) => (chosen.get(s.id)?.length ?? 0) > 0), chosen);
    const final = { skipped: [] as number[], suppressed: [] as number[], empty: [] as number[] };
    const prepared: Prepared[] = [];
    const tokens: TokenRow[] = [];
    for (const row of claimed) {
      const s = subscribers.get(row.subscriberId);
      if (!s || s.state !== 'confirmed') final.skipped.push(row.id);
      else if (s.suppressed) final.suppressed.push(row.id);
      else {
        const papers = chosen.get(s.id) ?? [];
        if (papers.length === 0) final.empty.push(row.id);
        else {
          const made = makeLinks(s.id, now());
          tokens.push(...made.tokens);
          prepared.push({ row, subscriber: s, papers, mail: renderer.compose(papers, made.links, personal.get(s.id)) });
        }
      }
    }
    await db.transaction(async (tx) => {
      await store.markOutboxFinal(tx, final.skipped, 'skipped', 'no longer subscribed', null);
      await store.markOutboxFinal(tx, final.suppressed, 'suppressed', 'address is on the suppression list', null);
      await store.markOutboxFinal(tx, final.empty, 'empty', null, null);
      // Tokens are stored before the mail leaves, so every link in every delivered mail works.
      await insertSubscriberTokens(tx, tokens, now());
    });

    let stop = false;
    const unsent: number[] = [];
    let next = 0;
    const worker = async () => {
      while (next < prepared.length) {
        const p = prepared[next++]!;
        if (stop || now() > sendBy) {
          unsent.push(p.row.id);
          continue;
        }
        await throttle();
        const outcome = await deliver(p);
        if (outcome === 'connection') stop = true;
      }
    };
    const deliver = async (p: Prepared): Promise<'sent' | 'retry' | 'connection' | 'permanent'> => {
      const messageId = `<digest.${run.id}.${p.subscriber.id}@${host}>`;
      try {
        const mail = { to: p.subscriber.email, subject: p.mail.subject, text: p.mail.text, html: p.mail.html, headers: p.mail.headers, messageId };
        // Built in one pass (mime.ts) unless an address needs nodemailer's internationalised handling.
        const ascii = /^[\x20-\x7e]*$/.test(mailer.from + p.subscriber.email);
        await mailer.send(ascii ? { ...mail, raw: buildAlternativeMessage({ ...mail, from: mailer.from }) } : mail);
      } catch (err) {
        const code = smtpReplyCode(err);
        const message = (err as Error).message ?? String(err);
        if (code !== null && code >= 500) {
          await db.transaction(async (tx) => {
            await insertSuppression(tx, p.subscriber.email, `SMTP ${code}: ${message}`.slice(0, 300), code, now());
            await store.markOutboxFinal(tx, [p.row.id], 'suppressed', message, code);
          });
          log(`suppressed ${p.subscriber.email}: ${code} ${message}`);
          return 'permanent';
        }
        const attempts = p.row.attempts + 1;
        if (attempts >= dc.maxAttempts) await store.markOutboxFinal(db, [p.row.id], 'failed', message, code);
        else await store.markOutboxRetry(db, p.row.id, message, code, now() + backoffMs(attempts, dc.retryBaseMs, dc.retryMaxMs));
        if (code === null) connectionFailures++;
        return code === null ? 'connection' : 'retry';
      }
      connectionFailures = 0;
      await recordSent(p, messageId);
      report.sentNow++;
      return 'sent';
    };
    await Promise.all(Array.from({ length: Math.min(dc.connections, prepared.length) }, worker));
    if (stop) {
      // The server is unreachable: give the rest of the batch back and pause instead of burning
      // every row's attempts against a closed port.
      const pause = backoffMs(connectionFailures, dc.retryBaseMs, dc.retryMaxMs);
      await store.releaseOutboxRows(db, unsent, owner, now() + pause);
      log(`SMTP server unreachable; pausing ${pause} ms`);
      cursor = 0;
      await sleep(pause);
    } else if (unsent.length > 0) {
      await store.releaseOutboxRows(db, unsent, owner, now()); // the lease ran short: the next claim takes them
      cursor = 0;
    }
  }
  report.counts = await store.countOutboxByState(db, run.id);
  return report;
}
