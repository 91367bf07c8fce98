// GitHub's rate-limit headers read into plain numbers, and the wait they ask for.

/** What we know of the budget: requests left and when it refills (epoch ms). */
export interface RateLimitState {
  remaining: number | null;
  resetAt: number | null;
}

/** The rate limit is spent until `resetAt` and waiting that long was more than the caller allows. */
export class RateLimitError extends Error {
  constructor(readonly resetAt: number) {
    super(`GitHub rate limit exhausted until ${new Date(resetAt).toISOString()}`);
  }
}

/** X-RateLimit-Remaining, X-RateLimit-Reset (epoch seconds) and Retry-After (seconds or an HTTP date). */
export function parseRateLimit(headers: Headers, now: number): { remaining: number | null; resetAt: number | null; retryAfterMs: number | null } {
  const num = (name: string) => {
    const v = headers.get(name);
    const n = v === null || v.trim() === '' ? NaN : Number(v);
    return Number.isFinite(n) ? n : null;
  };
  const reset = num('x-ratelimit-reset');
  let retryAfterMs: number | null = null;
  const retryAfter = headers.get('retry-after');
  if (retryAfter !== null) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) retryAfterMs = Math.max(0, seconds * 1000);
    else if (!Number.isNaN(Date.parse(retryAfter))) retryAfterMs = Math.max(0, Date.parse(retryAfter) - now);
  }
  return { remaining: num('x-ratelimit-remaining'), resetAt: reset === null ? null : reset * 1000, retryAfterMs };
}

/**
 * Sleeps until the budget refills when the last reply said none is left. A wait longer than
 * `maxWaitMs` throws RateLimitError instead, so a job can be rescheduled rather than hold a worker.
 */
export async function waitForRateLimit(
  state: RateLimitState,
  opts: { now: () => number; sleep: (ms: number) => Promise<void>; maxWaitMs: number },
): Promise<void> {
  if (state.remaining !== 0 || state.resetAt === null) return;
  // One extra second: GitHub's reset is in whole seconds and clocks differ a little.
  const wait = state.resetAt - opts.now() + 1000;
  if (wait > opts.maxWaitMs) throw new RateLimitError(state.resetAt);
  if (wait > 0) await opts.sleep(wait);
  state.remaining = null;
}
