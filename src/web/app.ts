// The one route table: every URL the server answers, mapped to its handler.
import { sendJson } from '../api/json.ts';
import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Db } from '../db/db.ts';
import type { Config } from '../config.ts';
import type { Paper } from '../model.ts';
import type { AppEnv } from './context.ts';
import { csrfProtection } from './csrf.ts';
import { RateLimiter, rateLimit } from './rate-limit.ts';
import { createMailer, type Mailer } from '../mail/transport.ts';
import { createSubscriptionHandlers } from './subscription-handlers.ts';
import { addStaticRoutes } from './static.ts';
import { addIconRoutes } from './site-icons.ts';
import { compression } from './compression.ts';
import { responseCache } from './response-cache.ts';
import { getCatalogVersion } from '../store/data-version.ts';
import { renderErrorPage } from './pages/error-page.tsx';
import { renderAboutPage } from './pages/about-page.tsx';
import { gotoDailyPeriod, notFoundPage, showDaily, showPaper, showTrending } from './page-handlers.ts';
import { chooseView, listingView } from './view-choice.ts';
import { apiCaching } from '../api/http-cache.ts';
import { ParamError } from '../api/params.ts';
import { getDailyPapers } from '../api/daily-papers.ts';
import { getPaperJson, getTrendingJson } from '../api/papers.ts';
import { openApiDocument } from '../api/openapi.ts';
import { searchPapersJson, similarPapersJson } from '../api/search.ts';
import { showSearch } from './search-handler.ts';
import { serveOrgAvatar, servePaperFigure } from './figure-routes.ts';
import type { SearchService } from '../search/service.ts';
import { categoryFeed, collectionFeed, dailyFeed, searchFeed, splitFeedName, trendingFeed } from '../feeds/feed-handlers.ts';
import type { CommunityHooks } from '../community/hooks.ts';
import { trendingHooks } from '../community/trending-hooks.ts';
import { arxivPaperFetcher } from '../community/arxiv-fetcher.ts';
import { sessionMiddleware } from './session.ts';
import type { RateLimitRule } from './rate-limit.ts';
import type { CommunityDeps } from './handlers/community-deps.ts';
import { accountHandlers } from './handlers/account-handlers.ts';
import { paperHandlers } from './handlers/paper-handlers.ts';
import { memberHandlers } from './handlers/member-handlers.ts';
import { settingsHandlers } from './handlers/settings-handlers.ts';
import { libraryHandlers } from './handlers/library-handlers.ts';
import { createForYouService, type ForYouService } from '../foryou/for-you-service.ts';

export interface AppDeps {
  db: Db;
  config: Config;
  /** Shared by every rate-limited route; tests pass their own to control time. */
  limiter?: RateLimiter;
  /** Search service hooks; without them pages and feeds use plain store fallbacks. */
  similarPapers?: (paper: Paper, limit: number) => Promise<Paper[]>;
  searchPapers?: (query: string, limit: number) => Promise<Paper[]>;
  /** The search service (serve builds one); gives /search, /api/papers/search and similar papers. */
  search?: SearchService;
  /** Mail for subscription confirmations and sign-in links; defaults to SMTP_URL's, null disables mail. */
  mailer?: Mailer | null;
  /** Told about votes and moderation; defaults to keeping the trending score current. */
  hooks?: CommunityHooks;
  /** Brings a paper missing from the catalog in from arXiv before a submission. */
  fetchMissingPaper?: (id: string) => Promise<boolean>;
  /** The personal feed; built over `search` when absent (no search service: no For-you feed). */
  forYou?: ForYouService;
}

/** Per-client budgets for the community's forms and write APIs (burst, then one more every perMs). */
export const RATE_LIMITS = {
  signIn: { name: 'sign-in', burst: 5, perMs: 60_000 },
  confirm: { name: 'sign-in-confirm', burst: 10, perMs: 60_000 },
  comment: { name: 'comment', burst: 5, perMs: 30_000 },
  submit: { name: 'submit', burst: 10, perMs: 60_000 },
  vote: { name: 'vote', burst: 30, perMs: 1_000 },
  account: { name: 'account', burst: 10, perMs: 60_000 },
  moderate: { name: 'moderate', burst: 30, perMs: 2_000 },
  library: { name: 'library', burst: 30, perMs: 1_000 },
} satisfies Record<string, RateLimitRule>;

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

/** Paper ids in URLs: `2503.12533`, `2104.12255v2`, old-style `hep-th/9901001`; `.md` is allowed as a suffix. */
const PAPER_ID = '[A-Za-z0-9._-]+(?:/[0-9]+(?:v[0-9]+)?(?:\\.md)?)?';

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
  const limit = (rule: RateLimitRule) => rateLimit(limiter, rule);
  const secureCookies = config.publicUrl.startsWith('https:');
  const community: CommunityDeps = {
    db,
    config,
    mailer: () => mailer,
    hooks: deps.hooks ?? trendingHooks,
    secureCookies,
    fetchMissingPaper: deps.fetchMissingPaper ?? arxivPaperFetcher(db, config),
    limiter,
  };
  const account = accountHandlers(community);
  const papers = paperHandlers(community);
  const members = memberHandlers(community);
  const settings = settingsHandlers(community);

  // Outermost, so it sees every answer as sent (gzip/brotli when the client accepts it).
  app.use('*', compression());
  app.use('*', async (c, next) => {
    c.set('viewer', null);
    c.set('clientIp', clientIp(c, config.trustProxy));
    await next();
  });
  app.use('*', sessionMiddleware(db));
  app.use('*', csrfProtection(secret, secureCookies, csrfExempt));
  addStaticRoutes(app);
  addIconRoutes(app);
  // JSON API and feeds: CORS for reads, weak ETags with 304s, short public caching (api/http-cache.ts).
  app.use('/api/*', apiCaching(60));
  app.use('/feeds/*', apiCaching(300));
  // Rendered pages, API answers and feeds for anonymous visitors, re-rendered when papers change.
  app.use(
    '*',
    responseCache({
      maxEntries: config.responseCacheEntries,
      maxAgeMs: 10_000,
      version: () => getCatalogVersion(db),
      // Listings render as rows or as a grid, as the visitor chose: one cached copy of each.
      variant: (c) => listingView(c),
    }),
  );

  const search = deps.search ?? null;
  const library = libraryHandlers(community, deps.forYou ?? (search ? createForYouService(db, search) : null));
  const similarPapers = deps.similarPapers ?? (search ? async (p: Paper, n: number) => (await search.similar(p.id, n)).map((h) => h.paper) : undefined);
  const searchPapers = deps.searchPapers ?? (search ? async (q: string, n: number) => (await search.search({ q, limit: n })).hits.map((h) => h.paper) : undefined);
  const pages = { db, config, similarPapers };
  const feeds = { db, publicUrl: config.publicUrl, searchPapers };

  // Pages.
  app.get('/', (c) => showTrending(c, pages));
  app.get('/papers', (c) => showDaily(c, pages, 'day'));
  app.get('/papers/goto', (c) => gotoDailyPeriod(c));
  app.get('/view', (c) => chooseView(c, secureCookies));
  app.get('/papers/date/:key', (c) => showDaily(c, pages, 'day', c.req.param('key')));
  app.get('/papers/week/:key', (c) => showDaily(c, pages, 'week', c.req.param('key')));
  app.get('/papers/month/:key', (c) => showDaily(c, pages, 'month', c.req.param('key')));
  app.get(`/papers/:id{${PAPER_ID}}`, (c) => showPaper(c, pages, c.req.param('id')));
  // Figures and avatars, always from this site (see figures/make-figures.ts).
  app.get(`/figures/papers/:id{${PAPER_ID}}/:variant`, (c) => servePaperFigure(c, db, c.req.param('id'), c.req.param('variant')));
  app.get('/figures/orgs/:name{[A-Za-z0-9][A-Za-z0-9._-]{0,95}}', (c) => serveOrgAvatar(c, db, c.req.param('name')));
  // Accounts: magic-link sign-in, sign-out, settings with API tokens.
  app.get('/signin', account.signInForm);
  app.post('/signin', limit(RATE_LIMITS.signIn), account.requestLink);
  app.get('/signin/confirm', account.confirmForm);
  app.post('/signin/confirm', limit(RATE_LIMITS.confirm), account.confirm);
  app.post('/signout', account.signOut);
  app.get('/settings', account.settings);
  app.post('/settings/profile', limit(RATE_LIMITS.account), settings.saveProfile);
  app.post('/settings/digest', limit(RATE_LIMITS.account), settings.saveDigest);
  app.post('/settings/tokens', limit(RATE_LIMITS.account), account.createToken);
  app.post('/settings/tokens/:id{[0-9]+}/delete', limit(RATE_LIMITS.account), account.deleteToken);

  // Community: members, submissions, votes, comments, authorship, moderation.
  app.get('/u/:name', members.profile);
  app.post('/u/:name/ban', limit(RATE_LIMITS.moderate), members.ban);
  app.get('/admin/audit', members.audit);
  app.get('/admin/jobs', members.jobs);
  app.get('/admin/claims', members.claims);
  app.post('/admin/claims/approve', limit(RATE_LIMITS.moderate), members.approveClaim);
  app.get('/submit', papers.submitForm);
  app.post('/submit', limit(RATE_LIMITS.submit), papers.submit);
  app.post(`/papers/:id{${PAPER_ID}}/upvote`, limit(RATE_LIMITS.vote), papers.voteForm);
  app.post(`/papers/:id{${PAPER_ID}}/comments`, limit(RATE_LIMITS.comment), papers.comment);
  app.post(`/papers/:id{${PAPER_ID}}/claim`, limit(RATE_LIMITS.account), papers.claim);
  app.post(`/papers/:id{${PAPER_ID}}/links`, limit(RATE_LIMITS.account), papers.links);
  app.post(`/papers/:id{${PAPER_ID}}/hide`, limit(RATE_LIMITS.moderate), papers.hidePaper);
  app.get('/comments/:cid{[0-9]+}/edit', papers.editCommentForm);
  app.post('/comments/:cid{[0-9]+}/edit', limit(RATE_LIMITS.comment), papers.editComment);
  app.post('/comments/:cid{[0-9]+}/delete', limit(RATE_LIMITS.moderate), papers.deleteComment);
  app.post('/comments/:cid{[0-9]+}/hide', limit(RATE_LIMITS.moderate), papers.hideComment);
  if (search) app.get('/search', (c) => showSearch(c, config, search));

  // For you: collections, follows, the personal feed, and the member's data.
  app.get('/for-you', library.forYouPage);
  app.post(`/papers/:id{${PAPER_ID}}/save`, limit(RATE_LIMITS.library), library.save);
  app.post(`/papers/:id{${PAPER_ID}}/unsave`, limit(RATE_LIMITS.library), library.unsave);
  app.post(`/papers/:id{${PAPER_ID}}/not-interested`, limit(RATE_LIMITS.library), library.notInterested);
  app.get('/collections', (c) => library.collectionsPage(c));
  app.post('/collections', limit(RATE_LIMITS.account), library.createCollectionForm);
  app.get('/collections/:cid{[0-9]+}', library.collectionPage);
  app.get('/collections/:cid{[0-9]+}/bibtex', (c) => library.exportCollection(c, 'bibtex'));
  app.get('/collections/:cid{[0-9]+}/markdown', (c) => library.exportCollection(c, 'markdown'));
  app.post('/collections/:cid{[0-9]+}/edit', limit(RATE_LIMITS.account), library.editCollectionForm);
  app.post('/collections/:cid{[0-9]+}/delete', limit(RATE_LIMITS.account), library.deleteCollectionForm);
  app.post('/follows', limit(RATE_LIMITS.library), (c) => library.followForm(c, true));
  app.post('/follows/delete', limit(RATE_LIMITS.library), (c) => library.followForm(c, false));
  app.get('/settings/for-you/export', library.exportMyData);
  app.post('/settings/for-you/delete', limit(RATE_LIMITS.account), library.deleteMyData);
  app.get('/about', (c) => c.html(renderAboutPage({ publicUrl: config.publicUrl, csrfToken: c.get('csrfToken'), viewer: c.get('viewer') })));

  // JSON API.
  app.get('/api/openapi.json', (c) => sendJson(c, openApiDocument(config.publicUrl)));
  app.get('/api/daily_papers', (c) => getDailyPapers(c, db, config.publicUrl));
  app.get('/api/papers/trending', (c) => getTrendingJson(c, db));
  if (search) {
    app.get('/api/papers/search', (c) => searchPapersJson(c, search));
    app.get(`/api/papers/:id{${PAPER_ID}}/similar`, (c) => similarPapersJson(c, search, c.req.param('id')));
  }
  app.get('/api/for-you', library.forYouApi);
  app.get('/api/collections', library.listCollectionsApi);
  app.post('/api/collections', limit(RATE_LIMITS.account), library.createCollectionApi);
  app.get('/api/collections/:cid{[0-9]+}', library.getCollectionApi);
  app.post('/api/collections/:cid{[0-9]+}/papers', limit(RATE_LIMITS.library), library.addToCollectionApi);
  app.delete(`/api/collections/:cid{[0-9]+}/papers/:id{${PAPER_ID}}`, limit(RATE_LIMITS.library), library.removeFromCollectionApi);
  app.get('/api/follows', library.listFollowsApi);
  app.post('/api/follows', limit(RATE_LIMITS.library), (c) => library.followApi(c, true));
  app.post('/api/follows/delete', limit(RATE_LIMITS.library), (c) => library.followApi(c, false));
  app.post(`/api/papers/:id{${PAPER_ID}}/not-interested`, limit(RATE_LIMITS.library), library.notInterested);
  app.get(`/api/papers/:id{${PAPER_ID}}`, (c) => getPaperJson(c, db, c.req.param('id')));
  app.post('/api/papers/submit', limit(RATE_LIMITS.submit), papers.submit);
  app.post(`/api/papers/:id{${PAPER_ID}}/upvote`, limit(RATE_LIMITS.vote), papers.voteApiSet);
  app.delete(`/api/papers/:id{${PAPER_ID}}/upvote`, limit(RATE_LIMITS.vote), papers.voteApiClear);

  // Feeds: same lists as the pages, three formats each.
  app.get('/feeds/category/:file', async (c) => {
    const f = splitFeedName(c.req.param('file'));
    const res = f ? await categoryFeed(c, feeds, f.name, f.format) : null;
    return res ?? notFoundPage(c, 'Category feeds are /feeds/category/NAME.rss, .atom or .json, e.g. /feeds/category/cs.CL.rss.');
  });
  app.get('/feeds/collection/:file', async (c) => {
    const f = splitFeedName(c.req.param('file'));
    const res = f ? await collectionFeed(c, feeds, f.name, f.format) : null;
    return res ?? notFoundPage(c, 'Collection feeds are /feeds/collection/ID.rss, .atom or .json, for public collections.');
  });
  app.get('/feeds/:file', async (c) => {
    const f = splitFeedName(c.req.param('file'));
    if (f?.name === 'trending') return trendingFeed(c, feeds, f.format);
    if (f?.name === 'daily') return dailyFeed(c, feeds, f.format);
    if (f?.name === 'search') return searchFeed(c, feeds, f.format);
    return notFoundPage(c, 'There is no such feed. The feeds are listed on the About page.');
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
  // No per-client limit here: mail providers send everyone's one-click unsubscribes from a few
  // addresses, and a 429 would drop them; the 256-bit token makes guessing pointless anyway.
  app.post('/unsubscribe/:token', subscriptions.unsubscribe);
  app.get('/admin/digests', subscriptions.adminPage);

  app.notFound((c) => {
    if (c.req.path.startsWith('/api/')) return sendJson(c, { error: `no such endpoint: ${c.req.method} ${c.req.path}` }, 404);
    const message = 'There is no page at this address. It may have moved, or the link may be mistyped.';
    return c.html(renderErrorPage({ status: 404, message, csrfToken: c.get('csrfToken') ?? '', viewer: c.get('viewer') ?? null }), 404);
  });
  app.onError((err, c) => {
    if (err instanceof ParamError) return sendJson(c, { error: err.message }, 400);
    console.error(`${c.req.method} ${c.req.path}:`, err);
    if (c.req.path.startsWith('/api/')) return sendJson(c, { error: 'internal error' }, 500);
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
