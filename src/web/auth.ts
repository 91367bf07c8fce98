// Who may use a route, said once in the route table (app.ts): `requireMember` for anything a
// member does, `requireRole(role)` for curator and admin routes. Handlers behind them read the
// member with `memberOf(c)`.
import type { MiddlewareHandler } from 'hono';
import type { AppContext, AppEnv, Viewer } from './context.ts';
import { isApi, refusalResponse } from './refusals.ts';

type Role = Exclude<Viewer['role'], 'member'>;

/** Roles that include another's powers: an admin may do what a curator may. */
const HAS_ROLE: Record<Role, readonly Viewer['role'][]> = { curator: ['curator', 'admin'], admin: ['admin'] };

/** The answer to a signed-out visitor: JSON 401 for the API, else sign in and come back here. */
function signInFirst(c: AppContext): Response {
  if (isApi(c)) return c.json({ error: 'sign in or send Authorization: Bearer TOKEN' }, 401);
  // After signing in, a page the visitor asked for (GET) is where they return to.
  const url = new URL(c.req.url);
  const back = c.req.method === 'GET' ? url.pathname + url.search : null;
  return c.redirect(back ? `/signin?next=${encodeURIComponent(back)}` : '/signin', 303);
}

/** Lets signed-in members (session cookie or API token) through. */
export const requireMember: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!c.get('viewer')) return signInFirst(c);
  await next();
};

/**
 * Lets members with `role` (or a higher one) through; others get 403, or with `hidden` the 404
 * page, for pages whose existence is nobody else's business.
 */
export function requireRole(role: Role, options: { hidden?: boolean } = {}): MiddlewareHandler<AppEnv> {
  const names = role === 'admin' ? 'administrators' : 'curators';
  return async (c, next) => {
    const viewer = c.get('viewer');
    if (!viewer) return signInFirst(c);
    if (!HAS_ROLE[role].includes(viewer.role)) {
      if (options.hidden) return c.notFound();
      return refusalResponse(c, { ok: false, kind: 'forbidden', reason: `Only ${names} can do that.` });
    }
    await next();
  };
}

/** The member of a request that passed `requireMember` or `requireRole`. */
export function memberOf(c: AppContext): Viewer {
  const viewer = c.get('viewer');
  // Only a route table mistake gets here: a handler for members mounted without the middleware.
  if (!viewer) throw new Error(`${c.req.method} ${c.req.path}: a members' handler is mounted without requireMember`);
  return viewer;
}
