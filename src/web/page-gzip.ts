// Gzip for rendered pages without the response cache: a page's text is rendered and its data read
// fresh on every request, but the same text comes out again and again until something on the page
// changes. So the text is split where the visitor's CSRF token goes, each part is deflated once
// and kept under the text itself, and a request whose text was seen before only splices the kept
// parts around its token (gzip-splice.ts): a copy and a CRC instead of a compression. Keyed by the
// whole text, an entry can never answer for a page that differs by one character: a vote, a
// comment or a new star shows on the very next request, as it does without this.
import { randomBytes } from 'node:crypto';
import { deflatePiece, gzipSpliced, type DeflatedPiece } from './gzip-splice.ts';
import { ByteLru } from './byte-lru.ts';

export interface PageGzip {
  /**
   * The gzip file of `text`, spliced from kept parts when this text (token aside) was seen before.
   * With `pageKey` (a page kept under that key, page-memo.ts, whose text is always the same), the
   * parts are found by that key instead of by the text.
   */
  gzip(text: string, token: string, pageKey?: string): Buffer;
  stats(): { entries: number; bytes: number };
}

export function createPageGzip(opts: { maxBytes: number }): PageGzip {
  const kept = new ByteLru<DeflatedPiece[]>(opts.maxBytes);
  // Stands for the token in the key; random per process, so no page text can hold it.
  const mark = `pbgz${randomBytes(9).toString('base64url')}`;
  return {
    gzip(text, token, pageKey) {
      let parts: string[] | null = null;
      let key: string;
      if (pageKey !== undefined) key = `${mark}${pageKey}`;
      else {
        parts = token ? text.split(token) : [text];
        key = parts.length === 1 ? text : parts.join(mark);
      }
      let pieces = kept.get(key);
      if (!pieces) {
        parts ??= token ? text.split(token) : [text];
        pieces = parts.map((p) => deflatePiece(Buffer.from(p)));
        // The key counted at two bytes a character (V8 keeps text with any non-Latin-1 character so).
        let size = key.length * 2;
        for (const p of pieces) size += p.raw.length + p.deflated.length;
        kept.set(key, pieces, size);
      }
      const tokenBytes = Buffer.from(token);
      const segments: (DeflatedPiece | Buffer)[] = [pieces[0]!];
      for (let i = 1; i < pieces.length; i++) segments.push(tokenBytes, pieces[i]!);
      return gzipSpliced(segments);
    },
    stats: () => kept.stats(),
  };
}
