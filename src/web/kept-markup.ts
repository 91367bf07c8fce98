// Markup rendered once and kept between requests (listing rows, a paper page's content), split
// where the parts rendered per request go (a viewer's controls, what another memo keeps): the kept
// text at even places, the name of the slot at odd ones. The caller's key must hold everything the
// kept text shows.
import type { Child } from 'hono/jsx';
import { raw } from 'hono/html';
import { randomBytes } from 'node:crypto';

export interface KeptMarkup<S extends string> {
  /**
   * The text of `key` (rendered by `render`, given a mark per slot, when not kept) as children,
   * with `fill`'s answer for each slot in place of its mark.
   */
  fill(key: string, render: (marks: Record<S, Child>) => string, fill: Record<S, Child>): Child[];
}

export function createKeptMarkup<S extends string>(slots: readonly S[], maxEntries: number): KeptMarkup<S> {
  const kept = new Map<string, string[]>();
  // Random per process: no paper text can contain the marks by accident or design.
  const nonce = randomBytes(9).toString('base64url').replace(/[-_]/g, 'x');
  const marks = Object.fromEntries(slots.map((s) => [s, raw(`pbkept${nonce}${s}.`)])) as unknown as Record<S, Child>;
  if (!slots.every((s) => /^[a-z]+$/.test(s))) throw new Error('slot names are lowercase words');
  const split = new RegExp(`pbkept${nonce}(${slots.join('|')})\\.`);
  return {
    fill(key, render, fill) {
      let parts = kept.get(key);
      if (!parts) {
        parts = render(marks).split(split);
        kept.set(key, parts);
        if (kept.size > maxEntries) kept.delete(kept.keys().next().value!);
      }
      return parts.map((part, i) => (i % 2 === 0 ? raw(part) : fill[part as S]));
    },
  };
}
