// Tells every web process what a write changed in cached pages (votes, comments, hides), over
// PostgreSQL LISTEN/NOTIFY: other processes drop just those pages within a round trip instead
// of serving them until they expire.
import type { Db } from '../db/db.ts';
import { CACHE_CHANNEL, notifyChannel } from '../store/notifications.ts';

/** What changed: the same shape as the response cache's Invalidation (tags, or everything). */
export type Announcement = { all: true } | { tags: readonly string[] };

export interface CacheInvalidation {
  /** Announces a write to every process (this one included). */
  publish(what: Announcement): void;
  /**
   * `listener` runs on every announcement, and with `{all: true}` after a lost connection is
   * re-established (announcements made while it was down are lost, so everything may have changed).
   */
  subscribe(listener: (what: Announcement) => void): void;
  close(): Promise<void>;
}

/** Reads an announcement; anything unreadable counts as "everything changed". */
export function parseAnnouncement(payload: string): Announcement {
  try {
    const v = JSON.parse(payload) as { tags?: unknown };
    if (Array.isArray(v.tags) && v.tags.every((t) => typeof t === 'string')) return { tags: v.tags as string[] };
  } catch {
    // fall through
  }
  return { all: true };
}

/** A channel over the database, or null where there is none (SQLite: one process, nothing to tell). */
export async function openCacheInvalidation(db: Db, log: (line: string) => void = () => {}): Promise<CacheInvalidation | null> {
  if (!db.listen) return null;
  const listeners: ((what: Announcement) => void)[] = [];
  const fire = (what: Announcement) => {
    for (const l of listeners) l(what);
  };
  const subscription = await db.listen(CACHE_CHANNEL, (payload) => fire(parseAnnouncement(payload)), () => fire({ all: true }));
  return {
    publish(what) {
      // NOTIFY payloads are limited to 8000 bytes; a long tag list is sent as "everything".
      const payload = 'all' in what ? '{}' : JSON.stringify({ tags: what.tags });
      void notifyChannel(db, CACHE_CHANNEL, payload.length < 7900 ? payload : '{}').catch((err) => log(`cache invalidation not sent: ${(err as Error).message}`));
    },
    subscribe(listener) {
      listeners.push(listener);
    },
    close: () => subscription.close(),
  };
}
