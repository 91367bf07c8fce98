// The answers every handler gives when it cannot do what was asked: the one status for each kind
// of refusal, the one 404 page, the one error page. JSON under /api/, a page everywhere else.
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Refusal } from '../community/actions.ts';
import type { AppContext } from './context.ts';
import { renderErrorPage } from './pages/error-page.tsx';
import { renderMessagePage } from './pages/signin-page.tsx';

/** Requests to the JSON API get JSON answers, refusals included. */
export const isApi = (c: AppContext) => c.req.path.startsWith('/api/');

/** The HTTP status of each kind of refused action. */
export const REFUSAL_STATUS = { missing: 404, forbidden: 403, invalid: 400, unavailable: 503 } as const;

/** A refused action as JSON (API) or as a page saying why, with a way back. */
export function refusalResponse(c: AppContext, r: Refusal, back?: string): Response {
  const status = REFUSAL_STATUS[r.kind];
  if (isApi(c)) return c.json({ error: r.reason }, status);
  const title = r.kind === 'missing' ? 'Not found' : r.kind === 'forbidden' ? 'Not allowed' : 'Could not do that';
  return c.html(renderMessagePage({ csrfToken: c.get('csrfToken'), viewer: c.get('viewer'), title, message: r.reason, back }), status);
}

/** The site's error page (404, 500, 503) with this request's frame. */
export function errorPage(c: AppContext, status: ContentfulStatusCode, message: string): Response {
  return c.html(renderErrorPage({ status, message, csrfToken: c.get('csrfToken') ?? '', viewer: c.get('viewer') ?? null }), status);
}

/** The 404 page, saying what was not found (the route table's fallback uses it too). */
export function notFoundPage(c: AppContext, message = 'There is no page at this address. It may have moved, or the link may be mistyped.'): Response {
  return errorPage(c, 404, message);
}
