// The one route table: every URL the server answers, mapped to its handler.
import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Db } from '../db/db.ts';
import type { Config } from '../config.ts';
import { getPaper, listNewestPapers } from '../store/papers.ts';
import type { AppEnv } from './context.ts';
import { csrfProtection } from './csrf.ts';
import { RateLimiter, rateLimit } from './rate-limit.ts';
import { createMailer, type Mailer } from '../mail/transport.ts';
import { createSubscriptionHandlers } from './subscription-handlers.ts';
import { addStaticRoutes } from './static.ts';
import { renderNewestPage } from './pages/newest-page.tsx';
import { renderErrorPage } from './pages/error-page.tsx';

export interface AppDeps {
  db: Db;
  config: Config;
  /** Shared by every rate-limited route; tests pass their own to control time. */
  limiter?: RateLimiter;
  /** Mail for subscription confirmations; defaults to SMTP_URL's, null disables mail. */
  mailer?: Mailer | null;
}

/**
 * Requests that may skip the CSRF token: RFC 8058 one-click unsubscribes (mail providers post them
 * without our cookie; the token in the URL is the authority), and JSON subscription requests
 * (browsers cannot send application/json cross-site without a CORS preflight we never grant).
 */
function csrfExempt(method: string, path: string, contentType: string): boolean {
  if (method !== 'POST') return false;
  if (/^\/unsubscribe\/[^/]+$/.test(path)) return true;
  return path === '/api/subscriptions' && contentType.startsWith('application/json');
}

export function createApp(deps: AppDeps): Hono<AppEnv> {
  const { db, config } = deps;
  // Without SECRET_KEY, tokens signed by this process stop validating when it restarts: fine for
  // one local process, so production setups are told to set it (README).
  const secret = config.secretKey ?? randomBytes(32).toString('hex');
  const app = new Hono<AppEnv>();
  const limiter = deps.limiter ?? new RateLimiter();
  const mailer = deps.mailer !== undefined ? deps.mailer : config.mail.smtpUrl ? createMailer(config) : null;
  const subscriptions = createSubscriptionHandlers({ db, config, mailer });
  // Subscription requests mail a stranger's address: a tight budget per client.
  const subscribeLimit = rateLimit(limiter, { name: 'subscribe', burst: 5, perMs: 60_000 });
  const tokenLimit = rateLimit(limiter, { name: 'subscription-link', burst: 20, perMs: 5_000 });

  app.use('*', async (c, next) => {
    c.set('viewer', null);
    c.set('clientIp', clientIp(c, config.trustProxy));
    await next();
  });
  app.use('*', csrfProtection(secret, config.publicUrl.startsWith('https:'), csrfExempt));
  addStaticRoutes(app);

  app.get('/', async (c) => c.html(renderNewestPage(await listNewestPapers(db, 50))));

  app.get('/api/papers/:id{.+}', async (c) => {
    const paper = await getPaper(db, c.req.param('id'));
    if (!paper) return c.json({ error: `no paper with id ${c.req.param('id')}` }, 404);
    return c.json(paper);
  });

  app.get('/subscribe', subscriptions.subscribePage);
  app.post('/subscribe', subscribeLimit, subscriptions.subscribe);
  app.post('/api/subscriptions', subscribeLimit, subscriptions.subscribeApi);
  app.get('/subscribe/confirm/:token', tokenLimit, subscriptions.confirmPage);
  app.post('/subscribe/confirm/:token', tokenLimit, subscriptions.confirm);
  app.get('/subscription/:token', tokenLimit, subscriptions.managePage);
  app.post('/subscription/:token', tokenLimit, subscriptions.manage);
  app.post('/subscription/:token/unsubscribe', tokenLimit, subscriptions.unsubscribe);
  app.get('/unsubscribe/:token', tokenLimit, subscriptions.unsubscribePage);
  app.post('/unsubscribe/:token', tokenLimit, subscriptions.unsubscribe);
  app.get('/admin/digests', subscriptions.adminPage);

  app.notFound((c) => {
    if (c.req.path.startsWith('/api/')) return c.json({ error: `no such endpoint: ${c.req.method} ${c.req.path}` }, 404);
    const message = 'There is no page at this address. It may have moved, or the link may be mistyped.';
    return c.html(renderErrorPage({ status: 404, message, csrfToken: c.get('csrfToken') ?? '', viewer: c.get('viewer') ?? null }), 404);
  });
  app.onError((err, c) => {
    console.error(`${c.req.method} ${c.req.path}:`, err);
    if (c.req.path.startsWith('/api/')) return c.json({ error: 'internal error' }, 500);
    const message = 'The server hit an error while preparing this page. It has been logged; please try again in a moment.';
    return c.html(renderErrorPage({ status: 500, message, csrfToken: c.get('csrfToken') ?? '', viewer: c.get('viewer') ?? null }), 500);
  });
  return app;
}

/** The client's address; X-Forwarded-For is believed only behind a proxy we were told about. */
function clientIp(c: Parameters<typeof getConnInfo>[0], trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'local'; // app.request() in tests has no socket
  }
}
