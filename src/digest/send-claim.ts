// Step 2 of a run, claim: lease the next batch of due outbox rows to this sender, walking the
// outbox by subscriber id and wrapping round for retries; when none is due, wait for the next
// retry, finish the run, or (past `giveUpAt`) leave the rest for the next invocation.
import * as store from '../store/digests.ts';
import type { ClaimedRow } from '../store/digests.ts';
import type { RunContext } from './send-run.ts';

export type Claim =
  /** Rows leased to this sender; no send may start after `sendBy` (the lease must outlast it). */
  | { rows: ClaimedRow[]; sendBy: number }
  /** Nothing more to do in this invocation: the run is done, or the rest waits past giveUpAt. */
  | null;

/** Rows per claim: a batch must be sendable well within its lease at the throttled rate. */
export function claimBatchSize(dc: RunContext['digest']): number {
  return dc.ratePerSecond > 0 ? Math.max(1, Math.min(dc.batchSize, Math.floor((dc.ratePerSecond * dc.leaseMs) / 2000))) : dc.batchSize;
}

export function createClaimer(ctx: RunContext, giveUpAt: number | undefined) {
  const { db, digest: dc, now } = ctx;
  const batchSize = claimBatchSize(dc);
  let cursor = 0;
  return {
    /** Starts the next claim from the first subscriber again (rows given back are due there). */
    rewind() {
      cursor = 0;
    },
    async next(): Promise<Claim> {
      for (;;) {
        const claimedAt = now();
        const rows = await store.claimOutboxRows(db, ctx.runId, ctx.owner, cursor, batchSize, claimedAt, dc.leaseMs);
        if (rows.length > 0) {
          cursor = rows[rows.length - 1]!.subscriberId;
          // Start no send that could still be running when the lease ends (a slow server, long
          // timeouts): another sender may claim the row then. The margin covers one message's timeouts.
          return { rows, sendBy: claimedAt + dc.leaseMs - Math.min(dc.leaseMs / 5, 60_000) };
        }
        if (cursor > 0) {
          cursor = 0; // wrap around: earlier rows may be due for a retry now
          continue;
        }
        const { pending, nextAt } = await store.getOutboxPendingSummary(db, ctx.runId);
        if (pending === 0) {
          await store.setDigestRunState(db, ctx.runId, 'done', now());
          return null;
        }
        const wakeAt = Math.max(nextAt ?? now(), now() + 5);
        if (giveUpAt !== undefined && wakeAt > giveUpAt) {
          ctx.report.note = `${pending} messages wait for a retry; run the same command again to resume`;
          return null;
        }
        await ctx.sleep(Math.min(wakeAt - now(), 60_000));
      }
    },
  };
}
