// An in-memory cache of rendered GET answers (pages, API, feeds), keyed by the parameters a route
// reads and the catalog's data version. Anonymous visitors get the stored bytes with their CSRF
// token put in; members get a page template rendered once per role, with their own parts (name,
// upvote states, a paper's discussion) filled in per request. A write drops only the answers that
// show what it changed; `invalidate` is the same door for writes seen by other means.
import { createHash } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { gzipSync } from 'node:zlib';
import type { AppEnv, Viewer } from './context.ts';
import type { CacheInvalidation } from './cache-invalidation.ts';
import { cacheKey } from './cache-keys.ts';
import { paperTag, RenderRecord, TRENDING_TAG, type SlotRef, type SlotText } from './render-record.ts';
import { deflatePiece, gzipSpliced, type DeflatedPiece } from './gzip-splice.ts';
import { acceptsGzip, chosenEncoding, compressNow, isCompressible, MIN_BYTES } from './compression.ts';
import { createFilledGzip } from './filled-gzip.ts';

interface Entry {
  /** Unique per rendering: what a member's filled copies are kept under (filled-gzip.ts). */
  id: number;
  version: number;
  storedAt: number;
  headers: Record<string, string>;
  /**
   * The encoded body, split where the visitor's parts go (`refs`, one fewer than parts). Bytes,
   * not a string: the Node adapter writes a buffer directly but streams a string body through an
   * encoder, several times slower for the 20–200 kB of a listing (measured: bench/http.ts).
   */
  parts: Buffer[];
  refs: SlotRef[];
  /** The body gzipped once, for answers without per-visitor parts (API, feeds) over 1 kB. */
  gzip: Buffer | null;
  /**
   * For pages over 1 kB whose only per-visitor parts are the CSRF token and name (a visitor's
   * pages): `parts` deflated once, so a request's gzip answer is spliced from them around its own
   * bytes (gzip-splice.ts) instead of compressed anew. Not for members' templates: their dozens
   * of slots (an upvote and a save toggle per row) would cut the text into pieces too short to
   * compress well apart, so those are compressed per request (compression.ts).
   */
  deflated: DeflatedPiece[] | null;
  /** What the answer shows (render-record.ts); null when unknown, so that any write drops it. */
  tags: Set<string> | null;
  /**
   * Set when a write changed what the answer shows. It is no longer served as current, but while
   * its re-render is in progress, visitors (who cannot have made the write) get it rather than
   * wait: they see the page as it was a render's duration earlier.
   */
  superseded: boolean;
  bytes: number;
}

/** The response headers a hit repeats; anything else a handler sets (cookies) is not cached. */
const KEPT_HEADERS = ['Content-Type', 'Cache-Control', 'ETag', 'Link', 'X-Total-Count', 'X-Content-Type-Options'];

export interface ResponseCacheOptions {
  /** Entries kept (least recently used dropped first); 0 disables the cache. */
  maxEntries: number;
  /** Bytes kept (bodies, compressed copies and keys), least recently used dropped first. */
  maxBytes: number;
  /**
   * Longest an entry is served without re-rendering: bounds staleness for writes this process
   * does not see (other processes' votes and comments) until they are announced to `invalidate`.
   */
  maxAgeMs: number;
  /** Current data version (see store/data-version.ts): an import drops everything. */
  version: () => Promise<number>;
  /** The text of a member's slots (components/paper-community-slots.tsx); without it members are not cached. */
  fillSlots?: (viewer: Viewer, csrfToken: string, refs: readonly SlotRef[]) => Promise<SlotText[]>;
  /** Other processes' writes: heard to drop what they changed here, and told what this process's writes changed. */
  invalidation?: CacheInvalidation;
  /** What else than the URL selects the answer (a visitor's display choice); part of the key. */
  variant?: (c: Context<AppEnv>) => string;
  now?: () => number;
}

/** What a write changed: answers showing any of these tags are dropped (and those whose tags are unknown). */
export type Invalidation = { all: true } | { tags: readonly string[] };

export interface ResponseCache {
  middleware: MiddlewareHandler<AppEnv>;
  invalidate(what: Invalidation): void;
  stats(): { entries: number; bytes: number };
}

/** What a successful write through this app changes, from its method and path. */
export function invalidationFor(method: string, path: string): Invalidation {
  // A vote moves one paper's count and the trending order; a comment changes one paper's page.
  const vote = /^\/(?:api\/)?papers\/(.+)\/upvote$/.exec(path);
  if (vote) return { tags: [paperTag(vote[1]!), paperTag(vote[1]!.replace(/v\d+$/, '')), TRENDING_TAG] };
  const comment = method === 'POST' ? /^\/papers\/(.+)\/comments$/.exec(path) : null;
  if (comment) return { tags: [paperTag(comment[1]!), paperTag(comment[1]!.replace(/v\d+$/, ''))] };
  // Hiding, submissions, link edits, comment moderation, account changes: not worth narrowing.
  return { all: true };
}

const textOf = (fill: SlotText, token: string): string => (typeof fill === 'string' ? fill : fill.join(token));

function assemble(entry: Entry, fill: readonly SlotText[], token: string): Uint8Array<ArrayBuffer> {
  if (entry.parts.length === 1) return entry.parts[0]! as Uint8Array<ArrayBuffer>;
  const chunks: Buffer[] = [entry.parts[0]!];
  for (let i = 0; i < entry.refs.length; i++) chunks.push(Buffer.from(textOf(fill[i]!, token)), entry.parts[i + 1]!);
  return Buffer.concat(chunks) as Uint8Array<ArrayBuffer>;
}

/** The gzip answer spliced from the entry's deflated parts and this visitor's slot texts. */
function assembleGzip(entry: Entry, deflated: DeflatedPiece[], fill: readonly SlotText[], token: string): Uint8Array<ArrayBuffer> {
  const segments: (DeflatedPiece | Buffer)[] = [deflated[0]!];
  for (let i = 0; i < entry.refs.length; i++) segments.push(Buffer.from(textOf(fill[i]!, token)), deflated[i + 1]!);
  return gzipSpliced(segments) as Uint8Array<ArrayBuffer>;
}

function intersects(tags: Set<string> | null, changed: Invalidation): boolean {
  if ('all' in changed || tags === null) return true;
  return changed.tags.some((t) => tags.has(t));
}

/** A render in progress: writes that happen meanwhile are noted so a stale result is not kept. */
interface Flight {
  done: Promise<Entry | null>;
  changes: Invalidation[];
}

export function createResponseCache(opts: ResponseCacheOptions): ResponseCache {
  const entries = new Map<string, Entry>();
  const flights = new Map<string, Flight>();
  const now = opts.now ?? Date.now;
  let bytes = 0;
  let rendered = 0;
  // Members' filled pages in gzip, a quarter of the cache's bound beside it.
  const filled = createFilledGzip({ maxBytes: Math.max(1024 * 1024, opts.maxBytes / 4) });
  // Requests arriving while the version is being read share that read: under load on PostgreSQL
  // one round trip serves a batch of requests instead of one each. A request may so get a version
  // read that began just before it arrived: stale by at most one query's duration.
  let versionRead: Promise<number> | null = null;
  const currentVersion = (): Promise<number> => {
    if (!versionRead) versionRead = opts.version().finally(() => (versionRead = null));
    return versionRead;
  };

  const drop = (key: string) => {
    const e = entries.get(key);
    if (!e) return;
    bytes -= e.bytes;
    entries.delete(key);
  };

  const invalidate = (what: Invalidation) => {
    if ('all' in what) {
      entries.clear();
      bytes = 0;
    } else {
      for (const e of entries.values()) if (intersects(e.tags, what)) e.superseded = true;
    }
    for (const f of flights.values()) f.changes.push(what);
  };
  // Every process hears every announcement, its own included: a write is dropped here by the
  // local call below at once, and again (harmlessly) when its announcement comes back.
  opts.invalidation?.subscribe(invalidate);

  /** This visitor's answer from an entry: their token and slots filled in, gzipped when stored so. */
  const send = async (c: Context<AppEnv>, entry: Entry, viewer: Viewer | null): Promise<Response> => {
    const gzip = (entry.gzip || entry.deflated) && acceptsGzip(c.req.header('accept-encoding') ?? '');
    if (gzip && entry.gzip) return c.body(entry.gzip as Uint8Array<ArrayBuffer>, 200, { ...entry.headers, 'Content-Encoding': 'gzip' });
    const token = c.get('csrfToken') ?? '';
    const fill = await fillFor(viewer, viewer?.role ?? null, token, entry.refs);
    if (gzip && entry.deflated) return c.body(assembleGzip(entry, entry.deflated, fill, token), 200, { ...entry.headers, 'Content-Encoding': 'gzip' });
    const compressible = isCompressible(entry.headers['Content-Type'] ?? '');
    // A member's page in gzip: the copy kept for this template and exactly these filled parts, or
    // made now and kept (filled-gzip.ts). Browsers accept gzip beside brotli.
    if (compressible && acceptsGzip(c.req.header('accept-encoding') ?? '')) {
      const out = filled.gzip(entry.id, fill, token, () => assemble(entry, fill, token));
      return c.body(out as Uint8Array<ArrayBuffer>, 200, { ...entry.headers, 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding' });
    }
    const body = assemble(entry, fill, token);
    // A member's page: compressed here, from the bytes in hand, rather than read back out of the
    // Response by the compression middleware and sent through the thread pool.
    const encoding = body.length >= MIN_BYTES && compressible ? chosenEncoding(c.req.header('accept-encoding') ?? '') : null;
    if (encoding) {
      return c.body(compressNow(body, encoding) as Uint8Array<ArrayBuffer>, 200, { ...entry.headers, 'Content-Encoding': encoding, Vary: 'Accept-Encoding' });
    }
    return c.body(body, 200, entry.headers);
  };

  /** The text of each slot for this visitor: a member's own parts, or only the token for anyone else. */
  const fillFor = async (viewer: Viewer | null, role: Viewer['role'] | null, token: string, refs: readonly SlotRef[]): Promise<SlotText[]> => {
    if (viewer && role && opts.fillSlots) return opts.fillSlots(viewer, token, refs);
    return refs.map((r) => (r === 'csrf' ? token : ''));
  };

  /** Runs the handler as a render the cache keeps: for a member, as their role's template. */
  const render = async (c: Context<AppEnv>, next: () => Promise<void>, role: Viewer['role'] | null, version: number): Promise<Entry | null> => {
    const record = new RenderRecord(role);
    const viewer = c.get('viewer');
    const token = c.get('csrfToken') ?? '';
    c.set('render', record);
    // API and feed answers carry no token (csrf.ts sets none there): nothing to mark.
    if (token) c.set('csrfToken', record.csrfMark);
    if (role) c.set('viewer', record.templateViewer());
    try {
      await next();
    } finally {
      c.set('render', null);
      c.set('csrfToken', token);
      c.set('viewer', viewer);
    }
    const res = c.res;
    if (res.status !== 200 || /\bno-store\b/.test(res.headers.get('Cache-Control') ?? '')) {
      // Not kept (a 404, an error page, a stand-in answer); the visitor still gets it, with their parts where the marks stand.
      if ((token || role) && (res.headers.get('Content-Type') ?? '').startsWith('text/html')) {
        const { parts, refs } = record.split(await res.text());
        const fill = await fillFor(viewer, role, token, refs);
        c.res = new Response(parts.map((p, i) => (i ? textOf(fill[i - 1]!, token) + p : p)).join(''), res);
      }
      return null;
    }
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
    const split = record.split(body);
    const parts = split.parts.map((p) => Buffer.from(p));
    let length = 0;
    for (const p of parts) length += p.length;
    const gzip = parts.length === 1 && length > 1024 ? gzipSync(parts[0]!, { level: 6 }) : null;
    const spliceable = parts.length > 1 && length > 1024 && split.refs.every((r) => r === 'csrf' || r === 'name');
    const deflated = spliceable ? parts.map((p) => deflatePiece(p)) : null;
    if (gzip || deflated) headers.Vary = 'Accept-Encoding';
    let size = 200 + length + (gzip?.length ?? 0);
    for (const p of deflated ?? []) size += p.deflated.length;
    for (const r of split.refs) {
      if (typeof r !== 'object') continue;
      if (r.kind === 'vote' || r.kind === 'save') size += 2 * (r.on.join('').length + r.off.join('').length);
      else if (r.kind === 'library') size += 2 * (r.paper.title.length + r.paper.abstract.length) + 2000;
      else for (const cm of r.view.comments) size += 2 * (cm.body.length + cm.html.length + cm.userName.length) + 200;
    }
    return { id: ++rendered, version, storedAt: now(), headers, parts, refs: split.refs, gzip, deflated, tags: record.tags.size ? record.tags : null, superseded: false, bytes: size };
  };

  const middleware: MiddlewareHandler<AppEnv> = async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      await next();
      if (c.res.status < 400) {
        const changed = invalidationFor(c.req.method, c.req.path);
        invalidate(changed);
        opts.invalidation?.publish(changed);
      }
      return;
    }
    if (opts.maxEntries <= 0 || c.req.method !== 'GET') return next();
    const path = c.req.path;
    const keyed = cacheKey(path, new URL(c.req.url).searchParams);
    if (keyed === null) return next();
    const base = opts.variant ? `${keyed}\n${opts.variant(c)}` : keyed;
    const viewer = c.get('viewer');
    // API and feed answers are the same for everyone; pages differ by role (curators see more).
    const role = viewer && !/^\/(api|feeds)\//.test(path) ? viewer.role : null;
    if (role && !opts.fillSlots) return next();
    const key = role ? `${base}\u0000${role}` : base;
    const version = await currentVersion();
    const current = (e: Entry | undefined): e is Entry => !!e && e.version === version && now() - e.storedAt < opts.maxAgeMs;
    const fresh = (e: Entry | undefined): e is Entry => current(e) && !e.superseded;
    const hit = entries.get(key);
    if (fresh(hit)) {
      entries.delete(key); // re-insert: Map order is the LRU order
      entries.set(key, hit);
      return void (c.res = await send(c, hit, role ? viewer : null));
    }
    // Someone is rendering this answer already: wait for theirs rather than render it again (after
    // a vote, 50 connections would otherwise all render the front page at once).
    const flight = flights.get(key);
    // Members wait: one of them may have made the write and expects to see it.
    if (flight && !role && current(hit)) return void (c.res = await send(c, hit, null));
    if (flight) {
      const shared = await flight.done;
      if (shared) return void (c.res = await send(c, shared, role ? viewer : null));
      return next();
    }
    let settle!: (e: Entry | null) => void;
    const mine: Flight = { done: new Promise((resolve) => (settle = resolve)), changes: [] };
    flights.set(key, mine);
    let entry: Entry | null = null;
    try {
      entry = await render(c, next, role, version);
    } finally {
      flights.delete(key);
      // Those who waited arrived during the render: it is as fresh for them as for this request,
      // even if a write came meanwhile (otherwise, under steady votes, each would render alone).
      settle(entry);
    }
    if (!entry) return;
    // A write during the render may have changed what it read: serve it, but do not keep it.
    if (mine.changes.some((ch) => intersects(entry!.tags, ch))) {
      c.res = undefined;
      c.res = await send(c, entry, role ? viewer : null);
      return;
    }
    drop(key);
    entries.set(key, entry);
    bytes += entry.bytes + key.length * 2;
    entry.bytes += key.length * 2;
    while (entries.size > opts.maxEntries || (bytes > opts.maxBytes && entries.size > 0)) drop(entries.keys().next().value!);
    c.res = undefined; // replaced whole, not merged with the handler's headers
    c.res = await send(c, entry, role ? viewer : null);
  };

  return { middleware, invalidate, stats: () => ({ entries: entries.size, bytes }) };
}
