// Rate limits for forms and write APIs: a token bucket per (limit name, client), kept in memory.
// In memory is per process: with several web processes behind a balancer each enforces its own
// share, which still bounds abuse; exact global limits would need the store or Redis.
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './context.ts';

export interface RateLimitRule {
  /** Separate buckets per rule: signing in does not spend the comment budget. */
  name: string;
  /** Requests allowed in a burst. */
  burst: number;
  /** Steady rate: one more request allowed every `perMs` milliseconds. */
  perMs: number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export class RateLimiter {
  private buckets = new Map<string, Bucket>();
  constructor(private now: () => number = Date.now) {}

  /** Takes one token; returns 0 when allowed, or the ms to wait until the next one. */
  take(rule: RateLimitRule, key: string): number {
    const id = `${rule.name}\0${key}`;
    const now = this.now();
    const bucket = this.buckets.get(id) ?? { tokens: rule.burst, updatedAt: now };
    bucket.tokens = Math.min(rule.burst, bucket.tokens + (now - bucket.updatedAt) / rule.perMs);
    bucket.updatedAt = now;
    this.buckets.set(id, bucket);
    if (this.buckets.size > 100_000) this.sweep(now, rule.perMs * rule.burst);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - bucket.tokens) * rule.perMs);
  }

  /** Drops buckets that have refilled completely, so memory stays bounded under a flood of clients. */
  private sweep(now: number, fullAfterMs: number): void {
    for (const [id, b] of this.buckets) if (now - b.updatedAt > fullAfterMs) this.buckets.delete(id);
  }
}

/** Middleware answering 429 with Retry-After once a client exceeds the rule (non-GET requests only). */
export function rateLimit(limiter: RateLimiter, rule: RateLimitRule): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const waitMs = limiter.take(rule, c.get('viewer')?.id.toString() ?? c.get('clientIp'));
    if (waitMs === 0) return next();
    c.header('Retry-After', String(Math.ceil(waitMs / 1000)));
    const message = 'Too many requests: please wait a little and try again.';
    return c.req.path.startsWith('/api/') ? c.json({ error: message }, 429) : c.text(message, 429);
  };
}
