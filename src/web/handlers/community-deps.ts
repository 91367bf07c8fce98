// What the community handlers share: the store, config, mailer, hooks, and small request helpers.
import type { Context } from 'hono';
import type { Db } from '../../db/db.ts';
import type { Config } from '../../config.ts';
import type { CommunityHooks } from '../../community/hooks.ts';
import type { Refusal } from '../../community/actions.ts';
import type { AppEnv, Viewer } from '../context.ts';
import { renderMessagePage } from '../pages/signin-page.tsx';
import type { Limiter } from '../rate-limit.ts';

export interface CommunityDeps {
  db: Db;
  config: Config;
  /** Whether this server can mail sign-in links at all (SMTP_URL is set). */
  mailConfigured: boolean;
  /** Tells this process's mail sender that a message was queued. */
  mailQueued: () => void;
  hooks: CommunityHooks;
  /** Cookies get the Secure flag when the site is served over https. */
  secureCookies: boolean;
  /** Fetches a paper missing from the catalog (arXiv API) into it; true when it now exists. */
  fetchMissingPaper?: (id: string) => Promise<boolean>;
  /** Budgets that are not per client (links mailed to one address). */
  limiter: Limiter;
}

type C = Context<AppEnv>;

export const isApi = (c: C) => c.req.path.startsWith('/api/');

/** A string field of a submitted form ('' when absent). */
export async function formField(c: C, name: string): Promise<string> {
  const body = await c.req.parseBody();
  const v = body[name];
  return typeof v === 'string' ? v : '';
}

/** The signed-in member, or a response sending them to sign in (pages) / 401 (API). */
export function requireViewer(c: C): Viewer | Response {
  const viewer = c.get('viewer');
  if (viewer) return viewer;
  if (isApi(c)) return c.json({ error: 'sign in or send Authorization: Bearer TOKEN' }, 401);
  // A page that needs a member sends a visitor to sign in and, after that, back to it.
  const url = new URL(c.req.url);
  const back = c.req.method === 'GET' ? url.pathname + url.search : null;
  return c.redirect(back ? `/signin?next=${encodeURIComponent(back)}` : '/signin', 303);
}

const STATUS = { missing: 404, forbidden: 403, invalid: 400, unavailable: 503 } as const;

/** A refused action as JSON (API) or as a page saying why, with a way back. */
export function refusalResponse(c: C, r: Refusal, back?: string): Response {
  const status = STATUS[r.kind];
  if (isApi(c)) return c.json({ error: r.reason }, status);
  const title = r.kind === 'missing' ? 'Not found' : r.kind === 'forbidden' ? 'Not allowed' : 'Could not do that';
  return c.html(renderMessagePage({ csrfToken: c.get('csrfToken'), viewer: c.get('viewer'), title, message: r.reason, back }), status);
}

/** A same-site path to return to after a form, from the Referer; never an open redirect. */
export function backTo(c: C, fallback: string): string {
  const ref = c.req.header('referer');
  if (!ref) return fallback;
  try {
    const u = new URL(ref);
    const here = new URL(c.req.url);
    if (u.host !== here.host) return fallback;
    // A same-host Referer whose path starts with `//` (http://us//evil.example/x) would become a
    // protocol-relative Location to another site: the path must resolve to our own origin.
    const path = u.pathname + u.search;
    return new URL(path, here).origin === here.origin && !/^[/\\]{2}/.test(path) ? path : fallback;
  } catch {
    return fallback;
  }
}
