// Step 1 of a run, fill: one outbox row per subscriber due this run, walked by subscriber id in
// pages of 1,000. A dry run walks the same subscribers and only counts.
import type { Db } from '../db/db.ts';
import type { DigestPeriod } from '../model.ts';
import * as store from '../store/digests.ts';
import { listSubscribersForSending } from '../store/subscribers.ts';
import type { PaperChooser } from './send-choose.ts';

const PAGE = 1000;

/** The ids of the subscribers due this run, a page at a time, by ascending id. */
async function* dueSubscriberIds(db: Db, period: DigestPeriod, weekday: number): AsyncGenerator<number[]> {
  for (let after = 0; ; ) {
    const ids = await store.listSubscriberIdsForRun(db, period, weekday, after, PAGE);
    if (ids.length === 0) return;
    yield ids;
    after = ids[ids.length - 1]!;
  }
}

/**
 * Queues the run's rows and moves it to `sending`. Idempotent: a crash mid-fill refills from the
 * start and the UNIQUE key skips rows already queued.
 */
export async function fillOutbox(db: Db, runId: number, period: DigestPeriod, weekday: number, now: () => number): Promise<void> {
  for await (const ids of dueSubscriberIds(db, period, weekday)) await store.insertOutboxRows(db, runId, ids);
  await store.setDigestRunState(db, runId, 'sending', now());
}

/** What a run would send: subscribers with papers (`wouldSend`) and without (`empty`). */
export async function countDryRun(db: Db, period: DigestPeriod, weekday: number, chooser: PaperChooser): Promise<Record<string, number>> {
  const counts: Record<string, number> = { wouldSend: 0, empty: 0 };
  for await (const ids of dueSubscriberIds(db, period, weekday)) {
    const chosen = await chooser.choosePapers(await listSubscribersForSending(db, ids));
    for (const papers of chosen.values()) counts[papers.length ? 'wouldSend' : 'empty']!++;
  }
  return counts;
}
