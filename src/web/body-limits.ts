// Request body size limits per route, checked before anything (CSRF included) reads the body.
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from './context.ts';

/** Bytes a request body may have: comment forms carry up to 10,000 characters, percent-encoded. */
export const BODY_LIMITS = {
  /** Comment and comment-edit forms (10,000 characters, up to 9 bytes each once percent-encoded). */
  comment: 96 * 1024,
  /** Every other form and JSON request: an email address, preferences, a token name, an id. */
  default: 16 * 1024,
} as const;

const COMMENT_PATH = /^\/(papers\/.+\/comments|comments\/[0-9]+\/edit)$/;

export function bodyLimitFor(path: string): number {
  return COMMENT_PATH.test(path) ? BODY_LIMITS.comment : BODY_LIMITS.default;
}

/**
 * Answers 413 as soon as a body is known to be too large: from Content-Length before reading a
 * byte, or while streaming a chunked body, holding at most the limit in memory. The connection is
 * closed after the answer so the server does not read (and discard) the rest of a huge upload.
 */
export function requestBodyLimits(): MiddlewareHandler<AppEnv> {
  const limiters = new Map(
    [...new Set(Object.values(BODY_LIMITS))].map((maxSize) => [
      maxSize,
      bodyLimit({
        maxSize,
        onError: (c) => {
          const message = `The request body is larger than this address accepts (${Math.floor(maxSize / 1024)} KB).`;
          c.header('Connection', 'close');
          return c.req.path.startsWith('/api/') ? c.json({ error: message }, 413) : c.text(message, 413);
        },
      }),
    ]),
  );
  return (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    return limiters.get(bodyLimitFor(c.req.path))!(c, next);
  };
}
