// Shared HTTP behaviour of the JSON API and feeds: CORS for reads, weak ETags with 304s, Cache-Control.
import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { etag } from 'hono/etag';
import { createHash } from 'node:crypto';
import { answerBytes, answerSha1 } from './answer-text.ts';

/**
 * Any site may read (GET/HEAD) the API and feeds from a browser: they are public data. Writes are
 * not opened to other origins, so cross-site pages cannot post with a visitor's cookies.
 * The ETag is a weak validator over the body hash (the same list re-rendered is the same bytes),
 * so a client revalidating gets a 304 without the body.
 */
const EXPOSED = ['Link', 'ETag', 'X-Total-Count'];

export function apiCaching(maxAgeSeconds: number): MiddlewareHandler {
  const allowReads = cors({ origin: '*', allowMethods: ['GET', 'HEAD', 'OPTIONS'], exposeHeaders: EXPOSED });
  const tagged = etag({ weak: true });
  return async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD' && c.req.method !== 'OPTIONS') return next();
    // Preflights are hono's cors. Reads get the same two headers set on the answer once it is made:
    // hono's cors sets them before, on a placeholder answer, and the handler's answer then replaces
    // it by being copied, its body read back as a stream (api/answer-text.ts).
    if (c.req.method === 'OPTIONS') return allowReads(c, next);
    await tagged(c, async () => {
      await next();
      if (c.res.status === 200 && !c.res.headers.has('Cache-Control')) c.res.headers.set('Cache-Control', `public, max-age=${maxAgeSeconds}`);
      // The ETag of an answer made from text, hashed from that text: the same tag hono's etag
      // computes (SHA-1 of the body, for bodies under its 256 kB chunk), without reading the body
      // back (api/answer-text.ts). Others, and larger ones, are hashed by hono's etag as before.
      const bytes = c.res.ok && !c.res.headers.has('ETag') ? answerBytes(c.res) : undefined;
      if (bytes && bytes.length > 0 && bytes.length < 262_144) {
        c.res.headers.set('ETag', `W/"${answerSha1(c.res, (b) => createHash('sha1').update(b).digest('hex'))}"`);
      }
    });
    c.res.headers.set('Access-Control-Allow-Origin', '*');
    c.res.headers.set('Access-Control-Expose-Headers', EXPOSED.join(','));
  };
}
