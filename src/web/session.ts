// Who is asking: a session cookie from a signed-in browser, or an API bearer token.
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Db } from '../db/db.ts';
import { getSession, useApiToken, type AuthenticatedUser } from '../store/auth-tokens.ts';
import { hashSecret } from '../community/secrets.ts';
import type { AppEnv } from './context.ts';

export const SESSION_COOKIE = 'pb_session';
const SECRET_SHAPE = /^[A-Za-z0-9_-]{43}$/;
const API_TOKEN_SHAPE = /^pbt_[A-Za-z0-9_-]{43}$/;

/** How long a session once looked up is trusted without asking the store again. */
const SESSION_MEMO_MS = 5_000;
const SESSION_MEMO_ENTRIES = 10_000;

/**
 * Sessions looked up recently: a signed-in member's every page view would otherwise start with a
 * store round trip (on PostgreSQL, under load, the most frequent statement of all). Writes that may
 * end a session or change its member (sign-out, ban, profile) call `forget`, here and, announced,
 * in the other web processes; a change made outside any web process (the CLI) shows within
 * SESSION_MEMO_MS, and an expiring session is never kept past its expiry.
 */
export interface SessionMemo {
  get(hash: string, now: number): AuthenticatedUser | null | undefined;
  set(hash: string, user: AuthenticatedUser | null, until: number): void;
  forget(): void;
}

export function createSessionMemo(): SessionMemo {
  const memo = new Map<string, { user: AuthenticatedUser | null; until: number }>();
  return {
    get(hash, now) {
      const e = memo.get(hash);
      if (!e) return undefined;
      if (e.until > now) return e.user;
      memo.delete(hash);
      return undefined;
    },
    set(hash, user, until) {
      memo.delete(hash);
      memo.set(hash, { user, until });
      if (memo.size > SESSION_MEMO_ENTRIES) memo.delete(memo.keys().next().value!);
    },
    forget: () => memo.clear(),
  };
}

/**
 * Fills `viewer`. A request with `Authorization: Bearer` is judged by its token alone (cookies are
 * ignored): CSRF checks skip bearer requests, so a bad token must never fall back to the cookie.
 */
export function sessionMiddleware(db: Db, memo: SessionMemo | null = null, now: () => number = Date.now): MiddlewareHandler<AppEnv> {
  const lookUp = async (hash: string): Promise<AuthenticatedUser | null> => {
    const t = now();
    const known = memo?.get(hash, t);
    if (known !== undefined) return known;
    const found = await getSession(db, hash, t);
    memo?.set(hash, found?.user ?? null, Math.min(t + SESSION_MEMO_MS, found?.expiresAt ?? Infinity));
    return found?.user ?? null;
  };
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
    if (cookie && SECRET_SHAPE.test(cookie)) c.set('viewer', await lookUp(hashSecret(cookie)));
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
