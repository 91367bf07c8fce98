// What every request carries through the app: the signed-in member (if any) and the CSRF token for forms.
import type { Context } from 'hono';
import type { Logger } from '../logging.ts';
import type { RenderRecord } from './render-record.ts';

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
    /** This request's id (X-Request-Id), in every log line about it. */
    requestId: string;
    /** The process's logger with the request id bound. */
    log: Logger;
    /** Set while the response cache renders an answer it keeps (see render-record.ts). */
    render: RenderRecord | null;
    /** Set by a handler that answered with a page kept under this key (page-memo.ts): its gzip parts are kept under it too. */
    pageKey?: string;
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
