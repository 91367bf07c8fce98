// SQL for the shared token buckets of the rate limits (see web/rate-limit.ts).
import { sql, type Db } from '../db/db.ts';

/**
 * Takes one token from a bucket in one atomic statement: the bucket is refilled for the time since
 * its last take (at most to `burst`), and one token is taken when at least one is there. The row
 * lock of the upsert (PostgreSQL) or the single writer (SQLite) makes concurrent takes by several
 * processes queue, so N processes share one budget. Returns the tokens left and whether this take
 * was allowed. SET expressions all read the row as it was, so `allowed` and `tokens` agree.
 */
export async function takeRateLimitToken(db: Db, bucket: string, burst: number, perMs: number, now: number): Promise<{ allowed: boolean; tokens: number }> {
  const refilled = sql`(CASE WHEN rate_limit_buckets.tokens + (${now} - rate_limit_buckets.updated_at) * 1.0 / ${perMs} > ${burst}
      THEN CAST(${burst} AS DOUBLE PRECISION)
      ELSE rate_limit_buckets.tokens + (${now} - rate_limit_buckets.updated_at) * 1.0 / ${perMs} END)`;
  const row = await db.get<{ tokens: number; allowed: number }>(sql`
    INSERT INTO rate_limit_buckets (bucket, tokens, allowed, updated_at) VALUES (${bucket}, ${burst - 1}, 1, ${now})
    ON CONFLICT (bucket) DO UPDATE SET
      tokens = CASE WHEN ${refilled} >= 1 THEN ${refilled} - 1 ELSE ${refilled} END,
      allowed = CASE WHEN ${refilled} >= 1 THEN 1 ELSE 0 END,
      updated_at = ${now}
    RETURNING tokens, allowed`);
  return { allowed: Number(row?.allowed) === 1, tokens: Number(row?.tokens ?? 0) };
}

/** Drops buckets untouched since `before`: they have refilled completely, so they hold nothing. */
export async function deleteIdleRateLimitBuckets(db: Db, before: number): Promise<number> {
  return db.run(sql`DELETE FROM rate_limit_buckets WHERE updated_at < ${before}`);
}
