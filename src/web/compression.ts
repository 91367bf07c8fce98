// Compresses HTML, JSON, feeds, CSS, JavaScript and SVG for clients that accept it: brotli when
// offered (smaller), else gzip. Answers the response cache already holds compressed pass through.
import { promisify } from 'node:util';
import { brotliCompress, brotliCompressSync, constants, gzip, gzipSync } from 'node:zlib';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './context.ts';
import { answerBytes, answerDerived, answerDerivedAsync, answerText, keepAnswerText } from '../api/answer-text.ts';
import type { PageGzip } from './page-gzip.ts';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

export type Encoding = 'br' | 'gzip';

/** The encoding to answer a request in: brotli when offered (smaller), else gzip, else none. */
export function chosenEncoding(acceptEncoding: string): Encoding | null {
  return /\bbr\b/.test(acceptEncoding) ? 'br' : /\bgzip\b/.test(acceptEncoding) ? 'gzip' : null;
}

// Answers compressed per request (the response cache compresses what it keeps once, at level 6):
// brotli at quality 5, most of its gain at gzip's speed; gzip at level 1, about half the CPU of
// level 6 for answers 10-15% larger (measured on the front page, a day's listing and a month of
// /api/daily_papers: 6.3 kB instead of 5.6 kB for a member's front page).
const brotliParams = (length: number) => ({ params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: length } });

/**
 * Compresses bytes already in hand, on this thread: for the response cache's per-member answers
 * (15-60 kB), where the thread pool's hand-off and the stream a Response body is read through
 * cost more than compressing them here (bench http, member case).
 */
export function compressNow(body: Uint8Array, encoding: Encoding): Buffer {
  return encoding === 'br' ? brotliCompressSync(body, brotliParams(body.length)) : gzipSync(body, { level: 1 });
}

/** Whether a client accepts gzip (every browser does, beside brotli): kept gzip copies are sent to it. */
export const acceptsGzip = (acceptEncoding: string): boolean => /\bgzip\b/.test(acceptEncoding);

/** Below this, compression saves too little to be worth it. */
export const MIN_BYTES = 1024;
/** Up to this, an answer is compressed on this thread (compression()). */
const SYNC_MAX_BYTES = 128 * 1024;

const COMPRESSIBLE = /^(text\/|application\/(json|[\w.+-]*\+json|xml|[\w.+-]*\+xml|javascript)|image\/svg\+xml)/;
export const isCompressible = (contentType: string): boolean => COMPRESSIBLE.test(contentType);

/** `pages`: kept gzip parts of rendered pages (page-gzip.ts), spliced for clients that accept gzip. */
export function compression(pages?: PageGzip): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    keepAnswerText(c);
    await next();
    const res = c.res;
    // Status and headers first: reading `body` makes the Node adapter's light response a full one
    // whose bytes are then streamed, slower than the buffer it would otherwise write at once
    // (cached answers already gzipped, and answers to clients that accept no encoding, pass here).
    const type = res.headers.get('Content-Type') ?? '';
    if (res.status === 204 || res.status === 304 || res.headers.has('Content-Encoding') || !isCompressible(type)) return;
    if (!/accept-encoding/i.test(res.headers.get('Vary') ?? '')) res.headers.append('Vary', 'Accept-Encoding');
    const encoding = chosenEncoding(c.req.header('accept-encoding') ?? '');
    // The answer's own text when it was made from one (api/answer-text.ts): no read back. (Its
    // `body` and `statusText` are not touched either: asking the Node adapter's light response for
    // them makes it a full web Response, its string converted and checked again.)
    if (!encoding || c.req.method === 'HEAD') return;
    // A page rendered from its text: gzip spliced from the parts kept for that text, even for
    // clients that prefer brotli (all browsers accept gzip too), since splicing costs a copy where
    // brotli would compress the page anew.
    const text = pages && res.status === 200 && type.startsWith('text/html') && acceptsGzip(c.req.header('accept-encoding') ?? '') ? answerText(res) : undefined;
    if (text !== undefined && text.length >= MIN_BYTES) {
      const headers = new Headers(res.headers);
      headers.delete('Content-Length');
      headers.set('Content-Encoding', 'gzip');
      c.res = undefined;
      c.res = new Response(pages!.gzip(text, c.get('csrfToken') ?? '', c.get('pageKey')) as Uint8Array<ArrayBuffer>, { status: res.status, headers });
      return;
    }
    const kept = answerBytes(res);
    if (!kept && !res.body) return;
    const body = kept ?? Buffer.from(await res.arrayBuffer());
    let out: Buffer = body;
    if (body.length >= MIN_BYTES) {
      // Pages of usual size are compressed here and now: through the thread pool, the stream and
      // the hand-off cost more CPU than the compression itself (a 55 kB page at gzip level 1:
      // 0.43 ms of CPU in all against 0.18 ms in hand), and on a loaded machine the other threads'
      // cores are as busy as this one. A large render (a month's listing) still goes off this
      // thread, so that one answer does not hold up the others.
      // A text kept between requests is compressed once (api/answer-text.ts).
      // A large answer kept between requests (a week's or month's /api/daily_papers page, 200 kB
      // and more of JSON) is compressed once per text too, off this thread.
      const compressLater = (b: Buffer) => (encoding === 'br' ? brotli(b, brotliParams(b.length)) : gzipAsync(b, { level: 1 }));
      out =
        body.length <= SYNC_MAX_BYTES
          ? (answerDerived(res, encoding, (b) => compressNow(b, encoding)) ?? compressNow(body, encoding))
          : ((await answerDerivedAsync(res, encoding, compressLater)) ?? (await compressLater(body)));
    }
    const headers = new Headers(res.headers);
    headers.delete('Content-Length');
    if (out !== body) headers.set('Content-Encoding', encoding);
    c.res = undefined;
    c.res = new Response(out as Uint8Array<ArrayBuffer>, kept ? { status: res.status, headers } : { status: res.status, statusText: res.statusText, headers });
  };
}
