// Step 5 of a run, back off: what happens to the rows a batch did not send.
import * as store from '../store/digests.ts';
import type { Delivered } from './send-deliver.ts';
import type { RunContext } from './send-run.ts';
import { backoffMs } from './throttle.ts';

/**
 * Rows a batch did not send go back to the outbox. When the server is
 * unreachable they wait out a pause that grows with the consecutive failures instead of burning
 * every row's attempts against a closed port; when the lease ran short, the next claim takes them.
 * Returns whether the next claim should start from the first subscriber again.
 */
export async function settleBatch(ctx: RunContext, delivered: Delivered, connectionFailures: number): Promise<boolean> {
  const { db, digest: dc, now } = ctx;
  if (delivered.stopped) {
    const pause = backoffMs(connectionFailures, dc.retryBaseMs, dc.retryMaxMs);
    await store.releaseOutboxRows(db, delivered.unsent, ctx.owner, now() + pause);
    ctx.log(`SMTP server unreachable; pausing ${pause} ms`);
    await ctx.sleep(pause);
    return true;
  }
  if (delivered.unsent.length > 0) {
    await store.releaseOutboxRows(db, delivered.unsent, ctx.owner, now());
    return true;
  }
  return false;
}
