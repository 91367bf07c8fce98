// CSRF protection for forms: a random per-browser cookie, and a token derived from it by HMAC that
// every state-changing form must send back. A cross-site page can make the browser send the cookie
// but cannot read it, so it cannot compute the token.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from './context.ts';

const COOKIE = 'pb_csrf';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function csrfTokenFor(secret: string, cookieValue: string): string {
  return createHmac('sha256', secret).update(`csrf:${cookieValue}`).digest('base64url');
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Issues the cookie and token on every request and refuses state-changing requests whose token is
 * missing or wrong. Requests authenticated by an API bearer token are exempt: browsers never
 * attach those by themselves, so they cannot be forged cross-site.
 */
export function csrfProtection(
  secret: string,
  secureCookies: boolean,
  /** Requests allowed without a token (each exemption says why where it is defined). */
  exempt: (method: string, path: string, contentType: string) => boolean = () => false,
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    // Reads of the API, feeds and assets carry no forms: no cookie, so shared caches may keep them.
    if (SAFE_METHODS.has(c.req.method) && /^\/((api|feeds|static|figures)\/|favicon\.ico$|manifest\.webmanifest$)/.test(c.req.path)) {
      c.set('csrfToken', '');
      return next();
    }
    let cookie = getCookie(c, COOKIE);
    if (!cookie || !/^[A-Za-z0-9_-]{43}$/.test(cookie)) {
      cookie = randomBytes(32).toString('base64url');
      setCookie(c, COOKIE, cookie, { httpOnly: true, sameSite: 'Lax', secure: secureCookies, path: '/' });
    }
    const expected = csrfTokenFor(secret, cookie);
    c.set('csrfToken', expected);
    if (SAFE_METHODS.has(c.req.method) || /^Bearer\s/i.test(c.req.header('authorization') ?? '')) return next();
    if (exempt(c.req.method, c.req.path, c.req.header('content-type') ?? '')) return next();
    let sent = c.req.header('x-csrf-token') ?? '';
    if (!sent) {
      const type = c.req.header('content-type') ?? '';
      if (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data')) {
        const body = await c.req.parseBody();
        sent = typeof body._csrf === 'string' ? body._csrf : '';
      }
    }
    if (!sent || !sameToken(sent, expected)) {
      const message = 'This form has expired or did not come from this site. Reload the page and try again.';
      if (c.req.path.startsWith('/api/')) return c.json({ error: message }, 403);
      return c.text(message, 403);
    }
    return next();
  };
}
