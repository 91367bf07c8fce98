// JSON bodies with <, > and & written as \u escapes: still the same JSON to every parser, but a
// title like "</script><script>…" can never be read as markup by anything sniffing the bytes.
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { answeredWith, type AnswerText } from './answer-text.ts';

const UNSAFE = /[<>&\u2028\u2029]/;
const UNSAFE_ALL = /[<>&\u2028\u2029]/g;
const ESCAPED: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' };

export function safeJsonStringify(value: unknown): string {
  const json = JSON.stringify(value);
  // Most answers hold none of them: a test without allocating is a third of a replace's scan
  // (a month page of /api/daily_papers is 200 kB of JSON).
  return UNSAFE.test(json) ? json.replace(UNSAFE_ALL, (ch) => ESCAPED[ch]!) : json;
}

/** Answers JSON, escaped as above, with nosniff so browsers never guess another type. */
export function sendJson(c: Context, value: unknown, status: ContentfulStatusCode = 200): Response {
  return sendJsonText(c, safeJsonStringify(value), status);
}

/** sendJson for text already made by safeJsonStringify (or joined from its pieces). */
export function sendJsonText(c: Context, json: string | AnswerText, status: ContentfulStatusCode = 200): Response {
  c.header('Content-Type', 'application/json; charset=utf-8');
  c.header('X-Content-Type-Options', 'nosniff');
  // A text kept between requests brings what was derived from it (its bytes, hash, compressed forms).
  return typeof json === 'string' ? c.body(json, status) : answeredWith(c.body(json.text, status), json);
}
