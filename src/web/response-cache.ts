// A small in-memory cache of rendered GET answers (pages, API, feeds) for anonymous visitors, keyed
// by URL and the catalog's data version: the hot pages are rendered once per import, not per hit.
import { createHash } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { gzipSync } from 'node:zlib';
import type { AppEnv } from './context.ts';
import { deflatePieces, gzipJoined } from './gzip-splice.ts';

interface Entry {
  version: number;
  storedAt: number;
  headers: Record<string, string>;
  /**
   * The encoded body, split where the visitor's CSRF token goes. Bytes, not a string: the Node
   * adapter writes a buffer directly but streams a string body through an encoder, several times
   * slower for the 20–200 kB of a listing (measured: bench/http.ts).
   */
  parts: Buffer[];
  /** The body gzipped once, for answers without a per-visitor token (API, feeds) over 1 kB. */
  gzip: Buffer | null;
  /** Pages with a token: each part deflated once, joined per request around the token (gzip-splice.ts). */
  deflated: Buffer[] | null;
}

/** The response headers a hit repeats; anything else a handler sets (cookies) is not cached. */
const KEPT_HEADERS = ['Content-Type', 'Cache-Control', 'ETag', 'Link', 'X-Total-Count', 'X-Content-Type-Options'];

function withToken(parts: Buffer[], token: string): Uint8Array<ArrayBuffer> {
  if (parts.length === 1) return parts[0]! as Uint8Array<ArrayBuffer>;
  const tokenBytes = Buffer.from(token);
  return Buffer.concat(parts.flatMap((p, i) => (i === 0 ? [p] : [tokenBytes, p]))) as Uint8Array<ArrayBuffer>;
}

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
  /** What else than the URL selects the answer (a visitor's display choice); part of the key. */
  variant?: (c: Context<AppEnv>) => string;
  now?: () => number;
}

/** Which answers may be cached: public listings and papers; never forms, accounts or static files. */
const CACHEABLE = /^\/($|papers(\/|$)|about$|search$|api\/(daily_papers|openapi\.json$|papers\/)|feeds\/)/;

/**
 * A cached answer with this visitor's token; gzipped when the client takes it: compressed once
 * per render, it saves bandwidth and write time on 100–200 kB API pages for free.
 */
function send(c: Context<AppEnv>, entry: Entry, token: string): Response {
  if ((entry.gzip || entry.deflated) && /\bgzip\b/.test(c.req.header('accept-encoding') ?? '')) {
    const body = entry.gzip ?? gzipJoined(entry.parts, entry.deflated!, Buffer.from(token));
    return c.body(body as Uint8Array<ArrayBuffer>, 200, { ...entry.headers, 'Content-Encoding': 'gzip' });
  }
  return c.body(withToken(entry.parts, token), 200, entry.headers);
}

export function responseCache(opts: ResponseCacheOptions): MiddlewareHandler<AppEnv> {
  const entries = new Map<string, Entry>();
  const now = opts.now ?? Date.now;
  return async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      // A write through this process (vote, comment, hide, submission) may change any cached
      // page, and the catalog version only follows paper records: start afresh. Writes by other
      // processes are bounded by maxAgeMs.
      await next();
      if (c.res.status < 400) entries.clear();
      return;
    }
    if (opts.maxEntries <= 0 || c.req.method !== 'GET' || c.get('viewer') || !CACHEABLE.test(c.req.path)) return next();
    const key = opts.variant ? `${c.req.url}\n${opts.variant(c)}` : c.req.url;
    const version = await opts.version();
    const token = c.get('csrfToken') ?? '';
    const hit = entries.get(key);
    if (hit && hit.version === version && now() - hit.storedAt < opts.maxAgeMs) {
      entries.delete(key); // re-insert: Map order is the LRU order
      entries.set(key, hit);
      return send(c, hit, token);
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
    const parts = (token ? body.split(token) : [body]).map((p) => Buffer.from(p));
    const large = parts.reduce((n, p) => n + p.length, 0) > 1024;
    const gzip = large && parts.length === 1 ? gzipSync(parts[0]!, { level: 6 }) : null;
    const deflated = large && parts.length > 1 ? deflatePieces(parts) : null;
    if (large) headers.Vary = 'Accept-Encoding';
    const entry: Entry = { version, storedAt: now(), headers, parts, gzip, deflated };
    entries.set(key, entry);
    c.res = undefined; // replaced whole, not merged with the handler's headers
    c.res = send(c, entry, token);
    while (entries.size > opts.maxEntries) entries.delete(entries.keys().next().value!);
  };
}
