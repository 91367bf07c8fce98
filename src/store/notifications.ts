// SQL for cross-process announcements (PostgreSQL NOTIFY); listening is in db/postgres.ts.
import { sql, type Db } from '../db/db.ts';

/** Announces `payload` on `channel` to every session listening (after the current transaction commits). */
export async function notifyChannel(db: Db, channel: string, payload: string): Promise<void> {
  if (db.dialect !== 'postgres') return;
  await db.get(sql`SELECT pg_notify(${channel}, ${payload})`);
}

/** The channel on which writes that change cached pages are announced (web/cache-invalidation.ts). */
export const CACHE_CHANNEL = 'paperboy_cache';
