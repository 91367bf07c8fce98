// The site's own CSS and script, read once at start and served with a content hash for caching.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Hono } from 'hono';
import type { AppEnv } from './context.ts';

const FILES = { 'app.css': 'text/css; charset=utf-8', 'app.js': 'text/javascript; charset=utf-8' } as const;

export function addStaticRoutes(app: Hono<AppEnv>): void {
  for (const [name, type] of Object.entries(FILES)) {
    const body = readFileSync(new URL(`./static/${name}`, import.meta.url), 'utf8');
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 16)}"`;
    app.get(`/static/${name}`, (c) => {
      c.header('Cache-Control', 'public, max-age=3600');
      c.header('ETag', etag);
      if (c.req.header('if-none-match') === etag) return c.body(null, 304);
      c.header('Content-Type', type);
      return c.body(body);
    });
  }
}
