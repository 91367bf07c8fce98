// Shared HTTP behaviour of the JSON API and feeds: CORS for reads, weak ETags with 304s, Cache-Control.
import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { etag } from 'hono/etag';

/**
 * Any site may read (GET/HEAD) the API and feeds from a browser: they are public data. Writes are
 * not opened to other origins, so cross-site pages cannot post with a visitor's cookies.
 * The ETag is a weak validator over the body hash (the same list re-rendered is the same bytes),
 * so a client revalidating gets a 304 without the body.
 */
export function apiCaching(maxAgeSeconds: number): MiddlewareHandler {
  const allowReads = cors({ origin: '*', allowMethods: ['GET', 'HEAD', 'OPTIONS'], exposeHeaders: ['Link', 'ETag', 'X-Total-Count'] });
  const tagged = etag({ weak: true });
  return async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD' && c.req.method !== 'OPTIONS') return next();
    return allowReads(c, async () => {
      await tagged(c, async () => {
        await next();
        if (c.res.status === 200 && !c.res.headers.has('Cache-Control')) c.res.headers.set('Cache-Control', `public, max-age=${maxAgeSeconds}`);
      });
    });
  };
}
