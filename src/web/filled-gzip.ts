// A member's page from the response cache is their role's template with their own parts filled in
// (their name, token, votes, saves, a paper's discussion): read fresh on every request, but the
// same from one request to the next until they vote or the template is rendered again. So the
// gzip of a filled page is kept under the template it came from and the exact text of every part
// filled in: a member reloading an unchanged page gets the same bytes without compressing them
// again, and anything different in what was filled in is a different key.
import type { SlotText } from './render-record.ts';
import { compressNow } from './compression.ts';
import { ByteLru } from './byte-lru.ts';

export interface FilledGzip {
  /** The gzip of template `entryId` filled with `fill` (`body` assembles it when not kept). */
  gzip(entryId: number, fill: readonly SlotText[], token: string, body: () => Uint8Array): Buffer;
  stats(): { entries: number; bytes: number };
}

export function createFilledGzip(opts: { maxBytes: number }): FilledGzip {
  const kept = new ByteLru<Buffer>(opts.maxBytes);
  return {
    gzip(entryId, fill, token, body) {
      // Each filled text with its length before it, so no two fills make the same key.
      let key = `${entryId}`;
      for (const f of fill) {
        const text = typeof f === 'string' ? f : f.join(token);
        key += `\u0000${text.length}:${text}`;
      }
      let out = kept.get(key);
      if (!out) {
        out = compressNow(body(), 'gzip');
        kept.set(key, out, key.length * 2 + out.length);
      }
      return out;
    },
    stats: () => kept.stats(),
  };
}
