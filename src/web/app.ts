// The one route table: every URL the server answers, mapped to its handler.
import { sendJson } from '../api/json.ts';
import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import type { Db } from '../db/db.ts';
import type { Config } from '../config.ts';
import type { Paper } from '../model.ts';
import type { AppEnv } from './context.ts';
import { csrfProtection } from './csrf.ts';
import { clientAddress } from './client-address.ts';
import { securityHeaders } from './security-headers.ts';
import { loggablePath, requestLog, routeLabel } from './request-log.ts';
import { createMetrics, type Metrics } from './metrics.ts';
import { addOperationsRoutes } from './operations.ts';
import { createLogger, type Logger } from '../logging.ts';
import { requestBodyLimits } from './body-limits.ts';
import { rejectControlCharacters } from './input-validation.ts';
import { StoreRateLimiter, rateLimit, type Limiter } from './rate-limit.ts';
import { createMailer, type Mailer } from '../mail/transport.ts';
import { createMailSender, type MailSender } from '../mail/outbox.ts';
import type { CacheInvalidation } from './cache-invalidation.ts';
import { subscriptionHandlers } from './handlers/subscription-handlers.ts';
import { addStaticRoutes } from './static.ts';
import { createResponseCache, invalidationFor, type ResponseCache } from './response-cache.ts';
import { createPastScores } from '../trending/listing.ts';
import { tagPapers } from './render-record.ts';
import { memoizeSimilar } from './similar-memo.ts';
import { memoizeSearch } from './search-memo.ts';
import { createCatalogMemo } from '../daily/catalog-memo.ts';
import { fillViewerSlots } from './components/paper-community-slots.tsx';
import { createRowMemo } from './components/paper-row.tsx';
import { PaperMemo } from '../store/paper-memo.ts';
import { createStarMemo } from './star-memo.ts';
import { addIconRoutes } from './site-icons.ts';
import { compression } from './compression.ts';
import { createPageGzip } from './page-gzip.ts';
import { createPageMemo } from './page-memo.ts';
import { getCatalogVersion } from '../store/data-version.ts';
import { errorPage, notFoundPage } from './refusals.ts';
import { requireMember, requireRole } from './auth.ts';
import { pageHandlers } from './handlers/page-handlers.ts';
import { chooseView, listingView } from './view-choice.ts';
import { apiCaching } from '../api/http-cache.ts';
import { ParamError } from '../api/params.ts';
import { dailyPapersApiHandlers } from '../api/daily-papers.ts';
import { paperApiHandlers } from '../api/papers.ts';
import { openApiDocument } from '../api/openapi.ts';
import { searchApiHandlers } from '../api/search.ts';
import { searchHandlers } from './handlers/search-handlers.ts';
import { mcpHttpHandler } from '../mcp/http.ts';
import { SearchNotReadyError, type SearchService } from '../search/service.ts';
import { feedHandlers } from '../feeds/feed-handlers.ts';
import { figureHandlers } from './handlers/figure-handlers.ts';
import type { CommunityHooks } from '../community/hooks.ts';
import { trendingHooks } from '../community/trending-hooks.ts';
import { arxivPaperFetcher } from '../community/arxiv-fetcher.ts';
import { createSessionMemo, sessionMiddleware } from './session.ts';
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
  /** Shared by every rate-limited route; defaults to buckets in the database (shared by processes). */
  limiter?: Limiter;
  /** The search service (serve builds one); gives /search, /api/search, /api/papers/search and similar papers. */
  search?: SearchService;
  /** Mail for subscription confirmations and sign-in links; defaults to SMTP_URL's, null disables mail. */
  mailer?: Mailer | null;
  /** Delivers the mail requests queue; defaults to a sender over `mailer` in this process. */
  mailSender?: MailSender | null;
  /** Tells other processes that a write changed what cached pages show, and hears theirs. */
  cacheInvalidation?: CacheInvalidation;
  /** Told about votes and moderation; defaults to keeping the trending score current. */
  hooks?: CommunityHooks;
  /** Brings a paper missing from the catalog in from arXiv before a submission. */
  fetchMissingPaper?: (id: string) => Promise<boolean>;
  /** JSON logs of requests and errors; defaults to warnings and errors on stderr. */
  logger?: Logger;
  /** Prometheus metrics; serve passes one with process metrics, otherwise the app makes its own. */
  metrics?: Metrics;
  /** Whether the search index is built (for /readyz); serve tracks its background build. */
  searchReady?: () => boolean;
  /** False once the process is draining after SIGTERM (for /readyz). */
  accepting?: () => boolean;
  /**
   * The response cache, when the caller wants to reach it (`invalidate` on writes it learns of by
   * other means); by default one is made from the config.
   */
  responseCache?: ResponseCache;
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
  // Agents call tools in bursts (search, then read a few papers): generous, but bounded.
  mcp: { name: 'mcp', burst: 60, perMs: 500 },
} satisfies Record<string, RateLimitRule>;

/**
 * Requests that may skip the CSRF token: RFC 8058 one-click unsubscribes (mail providers post them
 * without our cookie; the token in the URL is the authority), and JSON subscription requests
 * (browsers cannot send application/json cross-site without a CORS preflight we never grant), and
 * the MCP endpoint (read-only, JSON only, for the same reason).
 */
function csrfExempt(method: string, path: string, contentType: string): boolean {
  if (method !== 'POST') return false;
  if (/^\/unsubscribe\/[^/]+$/.test(path)) return true;
  // The MCP endpoint is read-only and takes JSON only, which other sites cannot post cross-site.
  if (path === '/mcp') return contentType.startsWith('application/json');
  return path === '/api/subscriptions' && contentType.startsWith('application/json');
}

/** Paper ids in URLs: `2503.12533`, `2104.12255v2`, old-style `hep-th/9901001`; `.md` is allowed as a suffix. */
/** Longest a search of similar papers may run in the search thread (busy indexing an import, say) before it is given up. */
const SIMILAR_SEARCH_MS = 60_000;
const PAPER_ID = '[A-Za-z0-9._-]+(?:/[0-9]+(?:v[0-9]+)?(?:\\.md)?)?';

export function createApp(deps: AppDeps): Hono<AppEnv> {
  const { db, config } = deps;
  // Without SECRET_KEY, tokens signed by this process stop validating when it restarts: fine for
  // one local process, so production setups are told to set it (README).
  const secret = config.secretKey ?? randomBytes(32).toString('hex');
  const app = new Hono<AppEnv>();
  const limiter = deps.limiter ?? new StoreRateLimiter(db);
  const mailer = deps.mailer !== undefined ? deps.mailer : config.mail.smtpUrl ? createMailer(config) : null;
  const sender = deps.mailSender !== undefined ? deps.mailSender : mailer ? createMailSender({ db, config, mailer }) : null;
  const mailQueued = () => sender?.kick();
  const subscriptions = subscriptionHandlers({ db, config, mailQueued });
  // Subscription requests mail a stranger's address: a tight budget per client.
  const subscribeLimit = rateLimit(limiter, { name: 'subscribe', burst: 5, perMs: 60_000 });
  const tokenLimit = rateLimit(limiter, { name: 'subscription-link', burst: 20, perMs: 5_000 });
  const limit = (rule: RateLimitRule) => rateLimit(limiter, rule);
  const secureCookies = config.publicUrl.startsWith('https:');
  const community: CommunityDeps = {
    db,
    config,
    mailConfigured: mailer !== null || deps.mailSender != null,
    mailQueued,
    hooks: deps.hooks ?? trendingHooks,
    secureCookies,
    fetchMissingPaper: arxivPaperFetcher(db, config),
    limiter,
  };
  const account = accountHandlers(community);
  const papers = paperHandlers(community);
  const members = memberHandlers(community);
  const settings = settingsHandlers(community);

  // Outermost, so it sees every answer as sent (gzip/brotli when the client accepts it). Pages
  // rendered fresh are gzipped from parts kept per page text (page-gzip.ts): 16 MB holds the parts
  // of about 300 paper pages (text, bytes and gzip: ~50 kB each) or 90 front pages.
  app.use('*', compression(createPageGzip({ maxBytes: 16 * 1024 * 1024 })));
  const logger = deps.logger ?? createLogger('warn', process.stderr);
  const search = deps.search ?? null;
  const metrics = deps.metrics ?? createMetrics({ db, indexedPapers: search ? () => search.stats().papers : undefined });

  app.use('*', securityHeaders({ https: secureCookies }));
  app.use('*', async (c, next) => {
    c.set('viewer', null);
    c.set('render', null);
    c.set('clientIp', clientAddress(c, config.trustProxyHops));
    await next();
  });
  app.use('*', requestLog(logger, metrics));
  // Before anything reads a body (CSRF parses forms): a 100 MB upload is refused from its headers.
  app.use('*', requestBodyLimits());
  // Probes and metrics answer before sessions, CSRF and caching: no cookies, no store reads but their own.
  addOperationsRoutes(app, {
    db,
    metrics,
    metricsToken: config.ops.metricsToken,
    searchReady: deps.searchReady ?? (() => true),
    accepting: deps.accepting ?? (() => true),
  });
  const sessions = createSessionMemo();
  app.use('*', sessionMiddleware(db, sessions));
  app.use('*', csrfProtection(secret, secureCookies, csrfExempt));
  app.use('*', rejectControlCharacters());
  addStaticRoutes(app);
  addIconRoutes(app);
  // JSON API and feeds: CORS for reads, weak ETags with 304s, short public caching (api/http-cache.ts).
  app.use('/api/*', apiCaching(60));
  app.use('/feeds/*', apiCaching(300));
  // Rendered pages, API answers and feeds, re-rendered when what they show changes; members get
  // the same renderings with their own parts filled in.
  const cache =
    deps.responseCache ??
    createResponseCache({
      maxEntries: config.responseCacheEntries,
      maxBytes: config.responseCacheMb * 1024 * 1024,
      // Other processes' writes arrive as invalidations when there is a channel (PostgreSQL
      // LISTEN/NOTIFY); without one, this bounds how long they stay unseen.
      maxAgeMs: deps.cacheInvalidation ? 60_000 : 10_000,
      version: () => getCatalogVersion(db),
      fillSlots: (viewer, token, refs) => fillViewerSlots(db, viewer, token, refs),
      invalidation: deps.cacheInvalidation,
      // Listings render as rows or as a grid, as the visitor chose: one cached copy of each.
      variant: (c) => listingView(c),
    });
  app.use('*', cache.middleware);
  // A past window's trending scores (trending/listing.ts) and remembered sessions (session.ts) are
  // kept between requests: a vote or a comment cannot change them; other writes (sign-out, ban,
  // profile, hides, link edits, submissions: the cache's "everything") forget them, here and when
  // another process announces one.
  const pastTrending = createPastScores({ maxAgeMs: deps.cacheInvalidation ? 60_000 : 10_000 });
  // The search page's recent answers (search-memo.ts), kept per catalog version like past scores.
  const searchMemo = search ? memoizeSearch(db, (q) => search.search(q), { maxAgeMs: deps.cacheInvalidation ? 60_000 : 10_000 }) : null;
  // Featured days and period counts (daily/catalog-memo.ts), kept per catalog version like past scores.
  const catalogFacts = createCatalogMemo({ maxAgeMs: deps.cacheInvalidation ? 60_000 : 10_000 });
  const forget = () => (pastTrending.forget(), sessions.forget(), searchMemo?.forget(), catalogFacts.forget());
  app.use('*', async (c, next) => {
    await next();
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || c.res.status >= 400) return;
    // Any write (a vote) may make the window ending now live: the kept fallen-back anchors go.
    pastTrending.forgetAnchors();
    if ('all' in invalidationFor(c.req.method, c.req.path)) forget();
  });
  deps.cacheInvalidation?.subscribe((what) => void (pastTrending.forgetAnchors(), 'all' in what && forget()));

  const library = libraryHandlers(community, deps.forYou ?? (search ? createForYouService(db, search) : null));
  // A paper page shows its category's newest papers rather than wait while the index is still
  // being built; without a search service, pages and feeds use plain store queries.
  // Papers read by listings and pages, kept while unchanged (store/paper-memo.ts).
  const kept = new PaperMemo();
  const similarPapers = search
    ? memoizeSimilar(db, async (p: Paper, n: number) => {
        try {
          // The page waits less (similar-memo.ts) and keeps an answer that comes after it stopped waiting.
          return (await search.similar(p.id, n, SIMILAR_SEARCH_MS)).map((h) => h.paper);
        } catch (err) {
          if (err instanceof SearchNotReadyError) return null;
          throw err;
        }
      }, { kept })
    : undefined;
  const searchPapers = search ? async (q: string, n: number) => (await search.search({ q, limit: n })).hits.map((h) => h.paper) : undefined;
  // Star histories and their drawings (star-memo.ts), kept per star-data version: the database
  // moves it with every star write from any process, so nothing here needs to forget them.
  const stars = createStarMemo();
  const pages = pageHandlers({ db, config, similarPapers, pastTrending, rowMemo: createRowMemo(), kept, catalog: catalogFacts, stars, pages: createPageMemo({ maxBytes: 16 * 1024 * 1024 }) });
  const figures = figureHandlers(db);
  const authorPapers = search ? (name: string, n: number) => search.listAuthorPapers(name, n, 0) : undefined;
  const feeds = feedHandlers({ db, publicUrl: config.publicUrl, searchPapers, authorPapers, notFound: notFoundPage });
  const paperApi = paperApiHandlers(db);
  const dailyApi = dailyPapersApiHandlers({ db, publicUrl: config.publicUrl, shown: tagPapers, kept, catalog: catalogFacts });
  const searchPages = search && searchMemo ? searchHandlers({ db, config, search: { ...search, search: searchMemo.search } }) : null;
  const searchApi = search ? searchApiHandlers({ db, search }) : null;
  // Who may call a route is said here, once: members (`member`), curators and admins (`curator`,
  // `admin`; admin-only pages answer 404 to others, `adminHidden`). See auth.ts.
  const member = requireMember;
  const curator = requireRole('curator');
  const admin = requireRole('admin');
  const adminHidden = requireRole('admin', { hidden: true });

  // Pages.
  app.get('/', pages.trending);
  app.get('/papers', pages.latestDay);
  app.get('/papers/goto', pages.gotoPeriod);
  app.get('/view', (c) => chooseView(c, secureCookies));
  app.get('/papers/date/:key', pages.period('day'));
  app.get('/papers/week/:key', pages.period('week'));
  app.get('/papers/month/:key', pages.period('month'));
  app.get(`/papers/:id{${PAPER_ID}}`, pages.paper);
  // Figures and avatars, always from this site (see figures/make-figures.ts).
  app.get(`/figures/papers/:id{${PAPER_ID}}/:variant`, figures.paperFigure);
  app.get('/figures/orgs/:name{[A-Za-z0-9][A-Za-z0-9._-]{0,95}}', figures.orgAvatar);
  // Accounts: magic-link sign-in, sign-out, settings with API tokens.
  app.get('/signin', account.signInForm);
  app.post('/signin', limit(RATE_LIMITS.signIn), account.requestLink);
  app.get('/signin/confirm', account.confirmForm);
  app.post('/signin/confirm', limit(RATE_LIMITS.confirm), account.confirm);
  app.post('/signout', account.signOut);
  app.get('/settings', member, account.settings);
  app.post('/settings/profile', member, limit(RATE_LIMITS.account), settings.saveProfile);
  app.post('/settings/digest', member, limit(RATE_LIMITS.account), settings.saveDigest);
  app.post('/settings/tokens', member, limit(RATE_LIMITS.account), account.createToken);
  app.post('/settings/tokens/:id{[0-9]+}/delete', member, limit(RATE_LIMITS.account), account.deleteToken);

  // Community: members, submissions, votes, comments, authorship, moderation.
  app.get('/u/:name', members.profile);
  app.post('/u/:name/ban', admin, limit(RATE_LIMITS.moderate), members.ban);
  app.get('/admin/audit', adminHidden, members.audit);
  app.get('/admin/jobs', adminHidden, members.jobs);
  app.get('/admin/claims', adminHidden, members.claims);
  app.post('/admin/claims/approve', adminHidden, limit(RATE_LIMITS.moderate), members.approveClaim);
  app.get('/submit', member, papers.submitForm);
  app.post('/submit', member, limit(RATE_LIMITS.submit), papers.submit);
  app.post(`/papers/:id{${PAPER_ID}}/upvote`, member, limit(RATE_LIMITS.vote), papers.voteForm);
  app.post(`/papers/:id{${PAPER_ID}}/comments`, member, limit(RATE_LIMITS.comment), papers.comment);
  app.post(`/papers/:id{${PAPER_ID}}/claim`, member, limit(RATE_LIMITS.account), papers.claim);
  app.post(`/papers/:id{${PAPER_ID}}/links`, member, limit(RATE_LIMITS.account), papers.links);
  app.post(`/papers/:id{${PAPER_ID}}/hide`, curator, limit(RATE_LIMITS.moderate), papers.hidePaper);
  app.get('/comments/:cid{[0-9]+}/edit', member, papers.editCommentForm);
  app.post('/comments/:cid{[0-9]+}/edit', member, limit(RATE_LIMITS.comment), papers.editComment);
  // Authors delete their own comments, curators anyone's: the feature decides.
  app.post('/comments/:cid{[0-9]+}/delete', member, limit(RATE_LIMITS.moderate), papers.deleteComment);
  app.post('/comments/:cid{[0-9]+}/hide', curator, limit(RATE_LIMITS.moderate), papers.hideComment);
  if (searchPages) {
    app.get('/search', searchPages.search);
    app.get('/authors/:name', searchPages.author);
  }

  // For you: collections, follows, the personal feed, and the member's data.
  app.get('/for-you', member, library.forYouPage);
  app.post(`/papers/:id{${PAPER_ID}}/save`, member, limit(RATE_LIMITS.library), library.save);
  app.post(`/papers/:id{${PAPER_ID}}/unsave`, member, limit(RATE_LIMITS.library), library.unsave);
  app.post(`/papers/:id{${PAPER_ID}}/not-interested`, member, limit(RATE_LIMITS.library), library.notInterested);
  app.get('/collections', member, library.collectionsPage);
  app.post('/collections', member, limit(RATE_LIMITS.account), library.createCollectionForm);
  app.get('/collections/:cid{[0-9]+}', library.collectionPage);
  app.get('/collections/:cid{[0-9]+}/bibtex', library.exportCollection('bibtex'));
  app.get('/collections/:cid{[0-9]+}/markdown', library.exportCollection('markdown'));
  app.post('/collections/:cid{[0-9]+}/edit', member, limit(RATE_LIMITS.account), library.editCollectionForm);
  app.post('/collections/:cid{[0-9]+}/delete', member, limit(RATE_LIMITS.account), library.deleteCollectionForm);
  app.post('/follows', member, limit(RATE_LIMITS.library), library.followForm(true));
  app.post('/follows/delete', member, limit(RATE_LIMITS.library), library.followForm(false));
  app.get('/settings/for-you/export', member, library.exportMyData);
  app.post('/settings/for-you/delete', member, limit(RATE_LIMITS.account), library.deleteMyData);
  app.get('/about', pages.about);

  // JSON API.
  app.get('/api/openapi.json', (c) => sendJson(c, openApiDocument(config.publicUrl)));
  app.get('/api/daily_papers', dailyApi.list);
  app.get('/api/papers/trending', paperApi.trending);
  if (search && searchApi) {
    app.get('/api/search', searchApi.search);
    app.get('/api/papers/search', searchApi.hfSearch);
    app.get('/api/search/suggest', searchApi.suggest);
    app.get(`/api/papers/:id{${PAPER_ID}}/similar`, searchApi.similar);
    // Model Context Protocol for agents: the same data as the JSON API, as tools (src/mcp/).
    app.all('/mcp', limit(RATE_LIMITS.mcp), mcpHttpHandler({ db, search, publicUrl: config.publicUrl }));
  }
  app.get('/api/for-you', member, library.forYouApi);
  app.get('/api/collections', member, library.listCollectionsApi);
  app.post('/api/collections', member, limit(RATE_LIMITS.account), library.createCollectionApi);
  app.get('/api/collections/:cid{[0-9]+}', library.getCollectionApi);
  app.post('/api/collections/:cid{[0-9]+}/papers', member, limit(RATE_LIMITS.library), library.addToCollectionApi);
  app.delete(`/api/collections/:cid{[0-9]+}/papers/:id{${PAPER_ID}}`, member, limit(RATE_LIMITS.library), library.removeFromCollectionApi);
  app.get('/api/follows', member, library.listFollowsApi);
  app.post('/api/follows', member, limit(RATE_LIMITS.library), library.followApi(true));
  app.post('/api/follows/delete', member, limit(RATE_LIMITS.library), library.followApi(false));
  app.post(`/api/papers/:id{${PAPER_ID}}/not-interested`, member, limit(RATE_LIMITS.library), library.notInterested);
  app.get(`/api/papers/:id{${PAPER_ID}}`, paperApi.paper);
  app.post('/api/papers/submit', member, limit(RATE_LIMITS.submit), papers.submit);
  app.post(`/api/papers/:id{${PAPER_ID}}/upvote`, member, limit(RATE_LIMITS.vote), papers.voteApiSet);
  app.delete(`/api/papers/:id{${PAPER_ID}}/upvote`, member, limit(RATE_LIMITS.vote), papers.voteApiClear);

  // Feeds: same lists as the pages, three formats each.
  app.get('/feeds/category/:file', feeds.category);
  app.get('/feeds/author/:file', feeds.author);
  app.get('/feeds/collection/:file', feeds.collection);
  app.get('/feeds/:file', feeds.site);

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
  app.get('/admin/digests', admin, subscriptions.adminPage);

  app.notFound((c) => {
    if (c.req.path.startsWith('/api/')) return sendJson(c, { error: `no such endpoint: ${c.req.method} ${c.req.path}` }, 404);
    return notFoundPage(c);
  });
  app.onError((err, c) => {
    if (err instanceof ParamError) return sendJson(c, { error: err.message }, 400);
    if (err instanceof SearchNotReadyError) {
      // Right after a start the index is still being built: a clear "try again shortly".
      c.header('Retry-After', '5');
      if (c.req.path.startsWith('/api/') || c.req.path.startsWith('/feeds/')) return sendJson(c, { error: err.message }, 503);
      return errorPage(c, 503, `Search is starting up: its index is still being built (${err.indexedSoFar} papers so far). Please try again in a few seconds.`);
    }
    (c.get('log') ?? logger).error({ err, route: routeLabel(c) }, `${c.req.method} ${loggablePath(c.req.path)} failed`);
    if (c.req.path.startsWith('/api/')) return sendJson(c, { error: 'internal error' }, 500);
    return errorPage(c, 500, 'The server hit an error while preparing this page. It has been logged; please try again in a moment.');
  });
  return app;
}
