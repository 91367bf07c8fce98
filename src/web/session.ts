// Who is asking: a session cookie from a signed-in browser, or an API bearer token.
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Db } from '../db/db.ts';
import { getSessionUser, useApiToken } from '../store/auth-tokens.ts';
import { hashSecret } from '../community/secrets.ts';
import type { AppEnv } from './context.ts';

export const SESSION_COOKIE = 'pb_session';
const SECRET_SHAPE = /^[A-Za-z0-9_-]{43}$/;
const API_TOKEN_SHAPE = /^pbt_[A-Za-z0-9_-]{43}$/;

/**
 * Fills `viewer`. A request with `Authorization: Bearer` is judged by its token alone (cookies are
 * ignored): CSRF checks skip bearer requests, so a bad token must never fall back to the cookie.
 */
export function sessionMiddleware(db: Db): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const auth = c.req.header('authorization');
    if (auth !== undefined && /^Bearer\s/i.test(auth)) {
      const token = auth.replace(/^Bearer\s+/i, '').trim();
      const user = API_TOKEN_SHAPE.test(token) ? await useApiToken(db, hashSecret(token)) : null;
      if (!user) return c.json({ error: 'invalid or revoked API token' }, 401);
      c.set('viewer', user);
      return next();
    }
    const cookie = getCookie(c, SESSION_COOKIE);
    if (cookie && SECRET_SHAPE.test(cookie)) c.set('viewer', await getSessionUser(db, hashSecret(cookie)));
    return next();
  };
}

export function setSessionCookie(c: Context<AppEnv>, secret: string, maxAgeMs: number, secure: boolean): void {
  setCookie(c, SESSION_COOKIE, secret, { httpOnly: true, sameSite: 'Lax', secure, path: '/', maxAge: Math.floor(maxAgeMs / 1000) });
}

export function clearSessionCookie(c: Context<AppEnv>, secure: boolean): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure });
}

/** The current session cookie's value, if it looks like one of ours. */
export function currentSessionSecret(c: Context<AppEnv>): string | null {
  const cookie = getCookie(c, SESSION_COOKIE);
  return cookie && SECRET_SHAPE.test(cookie) ? cookie : null;
}
