// What every request carries through the app: the signed-in member (if any) and the CSRF token for forms.
import type { Context } from 'hono';

/** The member behind a request, as pages and handlers need it. Filled by the session middleware. */
export interface Viewer {
  id: number;
  name: string;
  email: string;
  role: 'member' | 'curator' | 'admin';
}

export interface AppEnv {
  Variables: {
    /** Token every state-changing form must echo back in `_csrf` (see csrf.ts). */
    csrfToken: string;
    viewer: Viewer | null;
    /** Client address used for rate limits (see rate-limit.ts). */
    clientIp: string;
  };
}

export type AppContext = Context<AppEnv>;

/** What every full page needs from the request for its frame (layout, canonical links, forms). */
export interface PageFrame {
  publicUrl: string;
  csrfToken: string;
  viewer: Viewer | null;
  /** This page's path and query (for sign-in return-to and the listing view switch). */
  here?: string;
}
