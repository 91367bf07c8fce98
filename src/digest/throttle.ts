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

/** Exponential back-off with jitter: about base·2^(attempt-1), capped, never below half of it. */
export function backoffMs(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const full = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(full / 2 + (random() * full) / 2);
}
