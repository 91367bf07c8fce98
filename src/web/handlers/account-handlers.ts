// Sign-in by emailed link, sign-out, and the settings page with API tokens.
import type { Context } from 'hono';
import { InputError } from '../../errors.ts';
import { confirmSignIn, normalizeEmail, queueSignInLink } from '../../community/accounts.ts';
import { hashSecret, newApiToken } from '../../community/secrets.ts';
import { deleteApiToken, deleteSession, insertApiToken, isLoginTokenUsable, listApiTokens } from '../../store/auth-tokens.ts';
import type { AppEnv } from '../context.ts';
import { clearSessionCookie, currentSessionSecret, setSessionCookie } from '../session.ts';
import { renderCheckInboxPage, renderConfirmSignInPage, renderMessagePage, renderSignInPage } from '../pages/signin-page.tsx';
import { renderSettingsPage } from '../pages/settings-page.tsx';
import { formField, type CommunityDeps } from './community-deps.ts';
import { memberOf } from '../auth.ts';
import { settingsPageProps } from './settings-handlers.ts';
import { safeLocalPath } from '../format.ts';

type C = Context<AppEnv>;

const MAIL_PER_ADDRESS = { name: 'sign-in-mail', burst: 3, perMs: 20 * 60_000 };

export function accountHandlers(deps: CommunityDeps) {
  const { db, config } = deps;
  const page = (c: C) => ({ csrfToken: c.get('csrfToken'), viewer: c.get('viewer') });

  return {
    signInForm: (c: C) => c.html(renderSignInPage({ ...page(c), next: safeLocalPath(c.req.query('next')) })),

    /**
     * Same answer for every well-formed address. The request only queues the mail (outbox), so the
     * answer's timing does not depend on the SMTP conversation either.
     */
    async requestLink(c: C) {
      const input = await formField(c, 'email');
      const next = safeLocalPath(await formField(c, 'next'));
      let email: string;
      try {
        email = normalizeEmail(input);
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        return c.html(renderSignInPage({ ...page(c), error: err.message, email: input, next }), 400);
      }
      if (!deps.mailConfigured) {
        const message = 'Signing in by email is not set up on this server (its operator must set SMTP_URL).';
        return c.html(renderMessagePage({ ...page(c), title: 'Sign-in unavailable', message }), 503);
      }
      // At most a few links per address per hour, whoever asks: nobody can flood a stranger's inbox.
      // Past the budget the answer is unchanged and no mail goes out.
      if ((await deps.limiter.take(MAIL_PER_ADDRESS, email)) === 0) {
        await queueSignInLink(db, config, email, Date.now(), next);
        deps.mailQueued();
      }
      return c.html(renderCheckInboxPage({ ...page(c), minutes: Math.round(config.community.loginLinkTtlMs / 60_000) }));
    },

    async confirmForm(c: C) {
      const token = c.req.query('token') ?? '';
      const usable = /^[A-Za-z0-9_-]{43}$/.test(token) && (await isLoginTokenUsable(db, hashSecret(token)));
      c.header('Referrer-Policy', 'no-referrer');
      return c.html(renderConfirmSignInPage({ ...page(c), token, usable, next: safeLocalPath(c.req.query('next')) }), usable ? 200 : 410);
    },

    async confirm(c: C) {
      const token = await formField(c, 'token');
      const result = /^[A-Za-z0-9_-]{43}$/.test(token)
        ? await confirmSignIn(db, config, token)
        : ({ ok: false, reason: 'This sign-in link is not valid.' } as const);
      if (!result.ok) return c.html(renderMessagePage({ ...page(c), title: 'Sign-in failed', message: result.reason, back: '/signin' }), 410);
      // A new session id at every sign-in; the old session (if any) ends, so a planted id is useless.
      const old = currentSessionSecret(c);
      if (old) await deleteSession(db, hashSecret(old));
      setSessionCookie(c, result.sessionSecret, config.community.sessionTtlMs, deps.secureCookies);
      // Back where sign-in started (the page with the upvote, /submit, …).
      const next = safeLocalPath(await formField(c, 'next'));
      return c.redirect(next && !next.startsWith('/signin') ? next : '/', 303);
    },

    async signOut(c: C) {
      const current = currentSessionSecret(c);
      if (current) await deleteSession(db, hashSecret(current));
      clearSessionCookie(c, deps.secureCookies);
      return c.redirect('/', 303);
    },

    async settings(c: C) {
      const viewer = memberOf(c);
      c.header('Cache-Control', 'no-store');
      return c.html(renderSettingsPage({ ...(await settingsPageProps(deps, c, viewer)), deleted: c.req.query('deleted') === 'for-you' }));
    },

    async createToken(c: C) {
      const viewer = memberOf(c);
      const name = (await formField(c, 'name')).trim().slice(0, 60) || 'token';
      const token = newApiToken();
      await insertApiToken(db, { hash: hashSecret(token), userId: viewer.id, name });
      c.header('Cache-Control', 'no-store');
      return c.html(renderSettingsPage({ ...(await settingsPageProps(deps, c, viewer)), newToken: token }));
    },

    async deleteToken(c: C) {
      const viewer = memberOf(c);
      await deleteApiToken(db, viewer.id, Number(c.req.param('id')));
      return c.redirect('/settings', 303);
    },
  };
}
