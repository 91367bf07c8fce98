// Whole pages kept for visitors under everything they show. A page's data is read fresh on every
// request (one statement); what it shows then follows from that data alone: its rows' stamps and
// counts, why each trends, its sparklines' keys, the catalog's version and the request's own
// choices (path, view). So the page is kept as its text around the visitor's CSRF token, under a
// key made of all of that: when the key is one seen before, the page is that text with this
// visitor's token, and its gzip is spliced from parts kept under the same key (page-gzip.ts). A
// vote, comment, import or star snapshot changes the key, and the page is rendered anew on the very
// next request. Rendering the front page (55 kB) and finding its kept gzip by its text was a
// quarter of an uncached request's CPU.
import { randomBytes } from 'node:crypto';
import { ByteLru } from './byte-lru.ts';

export interface PageMemo {
  /**
   * The page `key` names with `token` where its CSRF token goes: kept text, or `render(mark)`'s
   * (`mark` standing for the token) kept for the next request.
   */
  text(key: string, token: string, render: (tokenMark: string) => string): string;
  stats(): { entries: number; bytes: number };
}

export function createPageMemo(opts: { maxBytes: number }): PageMemo {
  const kept = new ByteLru<string[]>(opts.maxBytes);
  // Random per process: no page text can contain it by accident or design.
  const mark = `pbpm${randomBytes(9).toString('hex')}`;
  return {
    text(key, token, render) {
      let parts = kept.get(key);
      if (!parts) {
        parts = render(mark).split(mark);
        let size = key.length * 2;
        for (const p of parts) size += p.length * 2;
        kept.set(key, parts, size);
      }
      return parts.length === 1 ? parts[0]! : parts.join(token);
    },
    stats: () => kept.stats(),
  };
}

/** The parts of a key: joined so that no part can run into the next (parts are texts and numbers). */
export function keyOf(parts: readonly (string | number | boolean | null | undefined)[]): string {
  // Joined at once: one flat string, where adding piece by piece makes a rope that every look-up flattens.
  const pieces: string[] = [];
  for (const p of parts) {
    const s = p === null || p === undefined ? '' : String(p);
    pieces.push(`${s.length}:${s}`);
  }
  return pieces.join('\u0000');
}
