// A small in-memory cache of rendered GET answers (pages, API, feeds) for anonymous visitors, keyed
// by URL and the catalog's data version: the hot pages are rendered once per import, not per hit.
import { createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './context.ts';

interface Entry {
  version: number;
  storedAt: number;
  headers: Record<string, string>;
  /** The body with this visitor's CSRF token replaced by TOKEN_SLOT. */
  body: string;
}

/** The response headers a hit repeats; anything else a handler sets (cookies) is not cached. */
const KEPT_HEADERS = ['Content-Type', 'Cache-Control', 'ETag', 'Link', 'X-Total-Count', 'X-Content-Type-Options'];

/** Stands in for the per-visitor CSRF token inside a cached page; cannot occur in escaped HTML. */
const TOKEN_SLOT = '\u0000csrf\u0000';

export interface ResponseCacheOptions {
  /** Entries kept (least recently used dropped first); 0 disables the cache. */
  maxEntries: number;
  /**
   * Longest an entry is served without re-rendering. The data version covers paper writes; this
   * bounds staleness for data it does not cover (votes, comments) to a few seconds.
   */
  maxAgeMs: number;
  /** Current data version (see store/data-version.ts). */
  version: () => Promise<number>;
  now?: () => number;
}

/** Which answers may be cached: public listings and papers; never forms, accounts or static files. */
const CACHEABLE = /^\/($|papers(\/|$)|about$|api\/(daily_papers|papers\/)|feeds\/)/;

export function responseCache(opts: ResponseCacheOptions): MiddlewareHandler<AppEnv> {
  const entries = new Map<string, Entry>();
  const now = opts.now ?? Date.now;
  return async (c, next) => {
    if (opts.maxEntries <= 0 || c.req.method !== 'GET' || c.get('viewer') || !CACHEABLE.test(c.req.path)) return next();
    const key = c.req.url;
    const version = await opts.version();
    const token = c.get('csrfToken') ?? '';
    const hit = entries.get(key);
    if (hit && hit.version === version && now() - hit.storedAt < opts.maxAgeMs) {
      entries.delete(key); // re-insert: Map order is the LRU order
      entries.set(key, hit);
      return c.body(token ? hit.body.replaceAll(TOKEN_SLOT, token) : hit.body, 200, hit.headers);
    }
    await next();
    const res = c.res;
    if (res.status !== 200) return;
    const body = await res.clone().text();
    // API and feed answers get their weak ETag here, once per render instead of once per request
    // (the etag middleware outside keeps a tag it finds). Pages carry a per-visitor token: no tag.
    if (!res.headers.has('ETag') && !(res.headers.get('Content-Type') ?? '').startsWith('text/html')) {
      res.headers.set('ETag', `W/"${createHash('sha1').update(body).digest('base64url')}"`);
    }
    const headers: Record<string, string> = {};
    for (const name of KEPT_HEADERS) {
      const value = res.headers.get(name);
      if (value !== null) headers[name] = value;
    }
    entries.set(key, { version, storedAt: now(), headers, body: token ? body.replaceAll(token, TOKEN_SLOT) : body });
    while (entries.size > opts.maxEntries) entries.delete(entries.keys().next().value!);
  };
}
