// The one route table: every URL the server answers, mapped to its handler.
import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Db } from '../db/db.ts';
import type { Config } from '../config.ts';
import { getPaper, listNewestPapers } from '../store/papers.ts';
import type { AppEnv } from './context.ts';
import { csrfProtection } from './csrf.ts';
import { RateLimiter } from './rate-limit.ts';
import { addStaticRoutes } from './static.ts';
import { renderNewestPage } from './pages/newest-page.tsx';
import { renderErrorPage } from './pages/error-page.tsx';
import { getPaperCommunityFacts } from '../store/paper-community.ts';
import { createMailer, type Mailer } from '../mail/transport.ts';
import type { CommunityHooks } from '../community/hooks.ts';
import { sessionMiddleware } from './session.ts';
import { rateLimit, type RateLimitRule } from './rate-limit.ts';
import type { CommunityDeps } from './handlers/community-deps.ts';
import { accountHandlers } from './handlers/account-handlers.ts';
import { paperHandlers } from './handlers/paper-handlers.ts';
import { memberHandlers } from './handlers/member-handlers.ts';

export interface AppDeps {
  db: Db;
  config: Config;
  /** Shared by every rate-limited route; tests pass their own to control time. */
  limiter?: RateLimiter;
  /** Sends sign-in links; created from SMTP_URL on first use when not given. */
  mailer?: Mailer;
  /** Told about votes (the trending score follows them). */
  hooks?: CommunityHooks;
  /** Brings a paper missing from the catalog in from arXiv before a submission. */
  fetchMissingPaper?: (id: string) => Promise<boolean>;
}

/** Per-client budgets for the forms and write APIs (burst, then one more every perMs). */
export const RATE_LIMITS = {
  signIn: { name: 'sign-in', burst: 5, perMs: 60_000 },
  confirm: { name: 'sign-in-confirm', burst: 10, perMs: 60_000 },
  comment: { name: 'comment', burst: 5, perMs: 30_000 },
  submit: { name: 'submit', burst: 10, perMs: 60_000 },
  vote: { name: 'vote', burst: 30, perMs: 1_000 },
  account: { name: 'account', burst: 10, perMs: 60_000 },
  moderate: { name: 'moderate', burst: 30, perMs: 2_000 },
} satisfies Record<string, RateLimitRule>;

export function createApp(deps: AppDeps): Hono<AppEnv> {
  const { db, config } = deps;
  // Without SECRET_KEY, tokens signed by this process stop validating when it restarts: fine for
  // one local process, so production setups are told to set it (README).
  const secret = config.secretKey ?? randomBytes(32).toString('hex');
  const app = new Hono<AppEnv>();
  const limiter = deps.limiter ?? new RateLimiter();
  const limit = (rule: RateLimitRule) => rateLimit(limiter, rule);
  const secureCookies = config.publicUrl.startsWith('https:');
  let mailer: Mailer | null = deps.mailer ?? null;
  const community: CommunityDeps = {
    db,
    config,
    mailer: () => (mailer ??= config.mail.smtpUrl ? createMailer(config) : null),
    hooks: deps.hooks ?? {},
    secureCookies,
    fetchMissingPaper: deps.fetchMissingPaper,
    limiter,
  };
  const account = accountHandlers(community);
  const papers = paperHandlers(community);
  const members = memberHandlers(community);

  app.use('*', async (c, next) => {
    c.set('viewer', null);
    c.set('clientIp', clientIp(c, config.trustProxy));
    await next();
  });
  app.use('*', sessionMiddleware(db));
  app.use('*', csrfProtection(secret, secureCookies));
  addStaticRoutes(app);

  app.get('/', async (c) => c.html(renderNewestPage(await listNewestPapers(db, 50))));

  // Accounts: magic-link sign-in, sign-out, settings with API tokens.
  app.get('/signin', account.signInForm);
  app.post('/signin', limit(RATE_LIMITS.signIn), account.requestLink);
  app.get('/signin/confirm', account.confirmForm);
  app.post('/signin/confirm', limit(RATE_LIMITS.confirm), account.confirm);
  app.post('/signout', account.signOut);
  app.get('/settings', account.settings);
  app.post('/settings/tokens', limit(RATE_LIMITS.account), account.createToken);
  app.post('/settings/tokens/:id{[0-9]+}/delete', limit(RATE_LIMITS.account), account.deleteToken);

  // Community: members, submissions, votes, comments, authorship, moderation.
  app.get('/u/:name', members.profile);
  app.post('/u/:name/ban', limit(RATE_LIMITS.moderate), members.ban);
  app.get('/admin/audit', members.audit);
  app.get('/admin/claims', members.claims);
  app.post('/admin/claims/approve', limit(RATE_LIMITS.moderate), members.approveClaim);
  app.get('/submit', papers.submitForm);
  app.post('/submit', limit(RATE_LIMITS.submit), papers.submit);
  app.post('/papers/:id{.+}/upvote', limit(RATE_LIMITS.vote), papers.voteForm);
  app.post('/papers/:id{.+}/comments', limit(RATE_LIMITS.comment), papers.comment);
  app.post('/papers/:id{.+}/claim', limit(RATE_LIMITS.account), papers.claim);
  app.post('/papers/:id{.+}/links', limit(RATE_LIMITS.account), papers.links);
  app.post('/papers/:id{.+}/hide', limit(RATE_LIMITS.moderate), papers.hidePaper);
  app.get('/comments/:cid{[0-9]+}/edit', papers.editCommentForm);
  app.post('/comments/:cid{[0-9]+}/edit', limit(RATE_LIMITS.comment), papers.editComment);
  app.post('/comments/:cid{[0-9]+}/delete', limit(RATE_LIMITS.moderate), papers.deleteComment);
  app.post('/comments/:cid{[0-9]+}/hide', limit(RATE_LIMITS.moderate), papers.hideComment);
  app.get('/papers/:id{.+}', papers.paperPage);

  app.post('/api/papers/submit', limit(RATE_LIMITS.submit), papers.submit);
  app.post('/api/papers/:id{.+}/upvote', limit(RATE_LIMITS.vote), papers.voteApiSet);
  app.delete('/api/papers/:id{.+}/upvote', limit(RATE_LIMITS.vote), papers.voteApiClear);
  app.get('/api/papers/:id{.+}', async (c) => {
    const id = c.req.param('id');
    const [paper, facts] = await Promise.all([getPaper(db, id), getPaperCommunityFacts(db, id)]);
    if (!paper || !facts || facts.hiddenAt !== null) return c.json({ error: `no paper with id ${id}` }, 404);
    // Displayed upvotes = Hugging Face's count + this site's members' votes; links set by an
    // author or curator replace the extracted ones.
    return c.json({
      ...paper,
      codeUrls: facts.codeUrl ? [facts.codeUrl] : paper.codeUrls,
      projectUrls: facts.projectUrl ? [facts.projectUrl] : paper.projectUrls,
      upvotes: facts.hfUpvotes + facts.communityUpvotes,
      communityUpvotes: facts.communityUpvotes,
    });
  });

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
