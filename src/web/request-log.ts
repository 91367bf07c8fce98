// Every request gets an id (X-Request-Id), one JSON log line when answered, and a latency sample.
import { randomUUID } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { Logger } from '../logging.ts';
import type { AppEnv } from './context.ts';
import type { Metrics } from './metrics.ts';

/** An id a trusted proxy already assigned is kept, so one request can be followed across both logs. */
const INCOMING_ID = /^[A-Za-z0-9._:-]{8,100}$/;
/** Link tokens in paths (`/subscribe/confirm/TOKEN`) are secrets: logs get a placeholder. */
const TOKEN_IN_PATH = /[A-Za-z0-9_-]{43}/g;

/**
 * The route pattern that answered, without its parameter patterns (`/papers/:id/upvote`), so the
 * metric has one series per route rather than one per URL. Middleware registered for every path
 * (`app.use`) does not count; a request no route matched is `unmatched`.
 */
export function routeLabel(c: Context): string {
  const route = matchedRoutes(c)
    .filter((r) => r.method !== 'ALL')
    .at(-1);
  return route ? stripParamPatterns(route.path) : 'unmatched';
}

function stripParamPatterns(path: string): string {
  let out = '';
  let depth = 0;
  for (const ch of path) {
    if (ch === '{') depth++;
    else if (ch === '}') depth--;
    else if (depth === 0) out += ch;
  }
  return out;
}

/** A request path fit for logs: link tokens replaced by `:token`. */
export function loggablePath(path: string): string {
  return path.replace(TOKEN_IN_PATH, ':token');
}

export function requestLog(logger: Logger, metrics: Metrics): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = process.hrtime.bigint();
    const incoming = c.req.header('x-request-id');
    const id = incoming && INCOMING_ID.test(incoming) ? incoming : randomUUID();
    c.set('requestId', id);
    c.set('log', logger.child({ reqId: id }));
    try {
      await next();
    } finally {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = routeLabel(c);
      const status = c.res.status;
      c.res.headers.set('X-Request-Id', id);
      metrics.observeRequest(c.req.method, route, status, seconds);
      const line = {
        reqId: id,
        method: c.req.method,
        route,
        path: loggablePath(c.req.path),
        status,
        ms: Math.round(seconds * 10_000) / 10,
        ip: c.get('clientIp'),
      };
      if (status >= 500) logger.error(line, 'request failed');
      else logger.info(line, 'request');
    }
  };
}
