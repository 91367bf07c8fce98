// The listing view a visitor chose (list rows or a grid of figures), remembered in a cookie so
// every listing opens the way they left it. The switch is a plain link: it works without JavaScript.
import { getCookie, setCookie } from 'hono/cookie';
import type { AppContext } from './context.ts';
import type { ListingView } from './components/paper-row.tsx';
import { safeLocalPath } from './format.ts';

export const VIEW_COOKIE = 'pb_view';

export function listingView(c: AppContext): ListingView {
  return getCookie(c, VIEW_COOKIE) === 'grid' ? 'grid' : 'list';
}

/** `/view?mode=grid&next=/papers`: remembers the choice for a year and goes back. */
export function chooseView(c: AppContext, secureCookies: boolean): Response {
  const mode = c.req.query('mode') === 'grid' ? 'grid' : 'list';
  setCookie(c, VIEW_COOKIE, mode, { path: '/', maxAge: 365 * 24 * 3600, sameSite: 'Lax', secure: secureCookies, httpOnly: true });
  c.header('Cache-Control', 'no-store');
  return c.redirect(safeLocalPath(c.req.query('next')) ?? '/', 303);
}

export function viewHref(mode: ListingView, here: string | undefined): string {
  return `/view?mode=${mode}&next=${encodeURIComponent(here ?? '/')}`;
}
