// Rate limits for forms and write APIs: a token bucket per (limit name, client). The server keeps
// the buckets in the database (StoreRateLimiter), so several web processes share one budget;
// RateLimiter keeps them in this process's memory (tests, which control the clock).
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './context.ts';
import type { Db } from '../db/db.ts';
import { deleteIdleRateLimitBuckets, takeRateLimitToken } from '../store/rate-limits.ts';

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

/** Takes one token; resolves to 0 when allowed, or the ms to wait until the next one. */
export interface Limiter {
  take(rule: RateLimitRule, key: string): Promise<number>;
}

export class RateLimiter implements Limiter {
  private buckets = new Map<string, Bucket>();
  constructor(private now: () => number = Date.now) {}

  async take(rule: RateLimitRule, key: string): Promise<number> {
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

/** Buckets idle this long are full whatever the rule (the longest refill is 20 minutes): forgotten. */
const IDLE_MS = 60 * 60_000;

/** Buckets in the database: one budget across every process that shares it. */
export class StoreRateLimiter implements Limiter {
  private lastSweep = 0;
  constructor(
    private db: Db,
    private now: () => number = Date.now,
  ) {}

  async take(rule: RateLimitRule, key: string): Promise<number> {
    const now = this.now();
    if (now - this.lastSweep > 10 * 60_000) {
      this.lastSweep = now;
      void deleteIdleRateLimitBuckets(this.db, now - IDLE_MS).catch(() => {});
    }
    // Encoded: PostgreSQL text cannot hold a NUL, and the key may come from a client.
    const r = await takeRateLimitToken(this.db, `${rule.name}|${encodeURIComponent(key)}`, rule.burst, rule.perMs, now);
    return r.allowed ? 0 : Math.max(1, Math.ceil((1 - r.tokens) * rule.perMs));
  }
}

/** Middleware answering 429 with Retry-After once a client exceeds the rule (non-GET requests only). */
export function rateLimit(limiter: Limiter, rule: RateLimitRule): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const waitMs = await limiter.take(rule, c.get('viewer')?.id.toString() ?? c.get('clientIp'));
    if (waitMs === 0) return next();
    c.header('Retry-After', String(Math.ceil(waitMs / 1000)));
    const message = 'Too many requests: please wait a little and try again.';
    return c.req.path.startsWith('/api/') ? c.json({ error: message }, 429) : c.text(message, 429);
  };
}
