// Spaces out sends to at most N per second, shared by every concurrent sender loop.

export function createThrottle(ratePerSecond: number, now: () => number, sleep: (ms: number) => Promise<void>): () => Promise<void> {
  if (ratePerSecond <= 0) return async () => {};
  const interval = 1000 / ratePerSecond;
  let next = 0;
  return async () => {
    const t = now();
    const slot = Math.max(t, next);
    next = slot + interval;
    if (slot > t) await sleep(slot - t);
  };
}

/** The back-off all mail shares (mail/retry-policy.ts), re-exported for the digest sender. */
export { backoffMs } from '../mail/retry-policy.ts';
