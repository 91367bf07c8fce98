// Security headers on every answer; the content security policy on every HTML page.
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './context.ts';

/**
 * Pages load only our own script and stylesheet (/static/app.js, /static/app.css): no inline
 * script, style or event handler runs, so markup that ever slipped through escaping stays inert.
 * Star charts are inline SVG elements (not style attributes), which need no exception.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export function securityHeaders(opts: { https: boolean }): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    const h = c.res.headers;
    h.set('X-Content-Type-Options', 'nosniff');
    // Pages behind mailed links set the stricter no-referrer themselves; keep it.
    if (!h.has('Referrer-Policy')) h.set('Referrer-Policy', 'strict-origin-when-cross-origin');
    if (opts.https) h.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    if ((h.get('content-type') ?? '').startsWith('text/html')) {
      h.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
      h.set('X-Frame-Options', 'DENY'); // frame-ancestors for browsers that predate it
    }
  };
}
