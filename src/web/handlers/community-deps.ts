// What the community handlers share: the store, config, mailer, hooks, and small request helpers.
// (Who may call them is the route table's business: see auth.ts; refusals are refusals.ts.)
import type { Context } from 'hono';
import type { Db } from '../../db/db.ts';
import type { Config } from '../../config.ts';
import type { CommunityHooks } from '../../community/hooks.ts';
import type { AppEnv } from '../context.ts';
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

/** A string field of a submitted form ('' when absent). */
export async function formField(c: C, name: string): Promise<string> {
  const body = await c.req.parseBody();
  const v = body[name];
  return typeof v === 'string' ? v : '';
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
