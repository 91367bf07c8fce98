// Tells every web process that a write changed what cached pages show (votes, comments, hides),
// over PostgreSQL LISTEN/NOTIFY: other processes drop their cached pages within a round trip
// instead of serving them until they expire.
import type { Db } from '../db/db.ts';
import { CACHE_CHANNEL, notifyChannel } from '../store/notifications.ts';

export interface CacheInvalidation {
  /** Announces a write to every process (this one included). */
  publish(): void;
  /** `listener` runs on every announcement, and after a lost connection is re-established
   * (announcements made while it was down are lost, so everything is assumed changed). */
  subscribe(listener: () => void): void;
  close(): Promise<void>;
}

/** A channel over the database, or null where there is none (SQLite: one process, nothing to tell). */
export async function openCacheInvalidation(db: Db, log: (line: string) => void = () => {}): Promise<CacheInvalidation | null> {
  if (!db.listen) return null;
  const listeners: (() => void)[] = [];
  const fire = () => {
    for (const l of listeners) l();
  };
  const subscription = await db.listen(CACHE_CHANNEL, fire, fire);
  return {
    publish() {
      void notifyChannel(db, CACHE_CHANNEL, '').catch((err) => log(`cache invalidation not sent: ${(err as Error).message}`));
    },
    subscribe(listener) {
      listeners.push(listener);
    },
    close: () => subscription.close(),
  };
}
