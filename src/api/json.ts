// JSON bodies with <, > and & written as \u escapes: still the same JSON to every parser, but a
// title like "</script><script>…" can never be read as markup by anything sniffing the bytes.
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export function safeJsonStringify(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Answers JSON, escaped as above, with nosniff so browsers never guess another type. */
export function sendJson(c: Context, value: unknown, status: ContentfulStatusCode = 200): Response {
  c.header('Content-Type', 'application/json; charset=utf-8');
  c.header('X-Content-Type-Options', 'nosniff');
  return c.body(safeJsonStringify(value), status);
}
