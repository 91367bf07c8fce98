// One check at the edge: no NUL or other control character gets past the URL, query, form or JSON
// body into the store, a mail header or a log line. PostgreSQL refuses NUL in text (a 500), SQLite
// stores it, and mail libraries cut an address at it (mail to someone else).
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './context.ts';
import { errorPage } from './refusals.ts';

/** C0 controls except tab, line feed and carriage return (text areas send those), DEL and C1 controls. */
const CONTROL_IN_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
/** In a path nothing of the kind is ever meaningful. */
const CONTROL_IN_PATH = /[\u0000-\u001F\u007F-\u009F]/;

const codePoint = (ch: string) => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** Where in a request a control character is, as a sentence for the client; null when there is none. */
export function findControlCharacter(where: string, value: string, pattern = CONTROL_IN_TEXT): string | null {
  const m = pattern.exec(value);
  return m ? `${where} contains a control character (${codePoint(m[0])}), which is not allowed.` : null;
}

/** The first control character in a parsed JSON value's strings (keys included), named by its JSON path. */
export function findControlInJson(value: unknown, path = 'body'): string | null {
  if (typeof value === 'string') return findControlCharacter(path, value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findControlInJson(value[i], `${path}[${i}]`);
      if (found) return found;
    }
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const found = findControlCharacter(`${path} key ${JSON.stringify(k.replace(CONTROL_IN_TEXT, '?'))}`, k) ?? findControlInJson(v, `${path}.${k.replace(CONTROL_IN_TEXT, '?')}`);
      if (found) return found;
    }
  }
  return null;
}

function decodedPath(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw; // malformed escapes are the router's business (it answers 404)
  }
}

async function findInRequest(c: Parameters<MiddlewareHandler<AppEnv>>[0]): Promise<string | null> {
  const url = new URL(c.req.url);
  const inPath = findControlCharacter('The address', decodedPath(url.pathname), CONTROL_IN_PATH);
  if (inPath) return inPath;
  for (const [name, value] of url.searchParams) {
    const found = findControlCharacter(`Parameter "${name.replace(CONTROL_IN_TEXT, '?')}"`, name + value);
    if (found) return found;
  }
  if (c.req.method === 'GET' || c.req.method === 'HEAD') return null;
  const type = (c.req.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
  const form = type === 'application/x-www-form-urlencoded' || type === 'multipart/form-data';
  const json = type === 'application/json' || type.endsWith('+json');
  if (!form && !json) return null;
  // Read once (Hono keeps the bytes for parseBody()/json()), and give handlers that read the raw
  // request themselves (the MCP transport) a fresh one with the same body.
  const bytes = await c.req.arrayBuffer();
  c.req.raw = new Request(c.req.raw, { body: bytes });
  if (form) {
    const fields = await c.req.parseBody({ all: true });
    for (const [name, value] of Object.entries(fields)) {
      for (const v of Array.isArray(value) ? value : [value]) {
        const found = findControlCharacter(`Field "${name.replace(CONTROL_IN_TEXT, '?')}"`, typeof v === 'string' ? name + v : name);
        if (found) return found;
      }
    }
  } else {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return null; // not JSON at all: the handler says so in its own words
    }
    return findControlInJson(body);
  }
  return null;
}

/** Refuses a request carrying a control character with a 400 that says where, before any handler sees it. */
export function rejectControlCharacters(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const problem = await findInRequest(c);
    if (!problem) return next();
    if (c.req.path.startsWith('/api/')) return c.json({ error: problem }, 400);
    return errorPage(c, 400, problem);
  };
}
