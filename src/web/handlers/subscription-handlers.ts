// Handlers for subscribing, confirming, managing and unsubscribing (routes are in app.ts).
import type { Config } from '../../config.ts';
import type { Db } from '../../db/db.ts';
import { InputError } from '../../errors.ts';
import type { Topics } from '../../model.ts';
import {
  confirmSubscription,
  requestSubscription,
  subscriberForToken,
  unsubscribeWithToken,
  updatePreferencesWithToken,
  type SubscriptionDeps,
} from '../../digest/subscribe.ts';
import { parseEmail, parseFrequency, parseTopics, NO_TOPICS } from '../../digest/topics.ts';
import type { Preferences } from '../../store/subscribers.ts';
import { countSubscribersByState, countSuppressions, listSuppressions } from '../../store/subscribers.ts';
import { listOutboxProblems, listRecentDigestRuns } from '../../store/digests.ts';
import { countOutboxMailByState, listOutboxMailProblems } from '../../store/mail-outbox.ts';
import type { AppContext } from '../context.ts';
import { renderCheckInboxPage, renderSubscribePage, type PreferencesFormValues } from '../pages/subscribe-page.tsx';
import {
  renderBadLinkPage,
  renderConfirmedPage,
  renderConfirmPage,
  renderManagePage,
  renderUnsubscribedPage,
  renderUnsubscribePage,
} from '../pages/subscription-pages.tsx';
import { renderAdminDigestsPage } from '../pages/admin-digests-page.tsx';

type Form = Record<string, string | File | (string | File)[]>;

const strings = (v: Form[string] | undefined): string[] =>
  (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string');
const one = (v: Form[string] | undefined): string | undefined => strings(v)[0];

/** Preferences from the subscribe/manage form fields; InputError names the bad field. */
export function preferencesFromForm(form: Form): Preferences {
  const { frequency, weekday } = parseFrequency(one(form.frequency), one(form.weekday));
  const topics = parseTopics({
    categories: [...strings(form.categories), ...(one(form.categories_other) ?? '').split(',')].map((s) => s.trim()).filter(Boolean),
    keywords: one(form.keywords) ?? '',
    query: one(form.query) ?? null,
  });
  return { frequency, weekday, topics };
}

/** What the form showed, to redisplay it after an error without losing the visitor's input. */
function formValues(form: Form): PreferencesFormValues {
  const f = one(form.frequency) === 'weekly' ? 'weekly' : 'daily';
  const wd = Number(one(form.weekday));
  const topics: Topics = {
    categories: strings(form.categories),
    keywords: (one(form.keywords) ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    query: one(form.query) ?? null,
  };
  return { email: one(form.email) ?? '', frequency: f, weekday: Number.isInteger(wd) ? wd : null, topics };
}

/** Pages reached through mailed links carry a secret in the URL: never cache it or leak it onward. */
function protectTokenPage(c: AppContext): void {
  c.header('Referrer-Policy', 'no-referrer');
  c.header('Cache-Control', 'no-store');
  c.header('X-Robots-Tag', 'noindex');
}

export function subscriptionHandlers(deps: { db: Db; config: Config; mailQueued: () => void }) {
  const sdeps: SubscriptionDeps = { db: deps.db, config: deps.config, mailQueued: deps.mailQueued };
  const frame = (c: AppContext) => ({ csrfToken: c.get('csrfToken') ?? '', viewer: c.get('viewer') ?? null });
  const emptyValues: PreferencesFormValues = { frequency: 'daily', weekday: null, topics: NO_TOPICS };

  return {
    subscribePage(c: AppContext) {
      const email = c.req.query('email') ?? '';
      return c.html(renderSubscribePage({ ...frame(c), values: { ...emptyValues, email } }));
    },

    /** The prompt on every page and the full form both post here. */
    async subscribe(c: AppContext) {
      const form = (await c.req.parseBody({ all: true })) as Form;
      let email: string;
      let prefs: Preferences;
      try {
        email = parseEmail(one(form.email));
        prefs = preferencesFromForm(form);
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        return c.html(renderSubscribePage({ ...frame(c), values: formValues(form), error: err.message }), 400);
      }
      // The mail only goes into the outbox: the answer (and its timing) is the same for every address.
      await requestSubscription(sdeps, email, prefs);
      return c.html(renderCheckInboxPage(frame(c)), 200);
    },

    async subscribeApi(c: AppContext) {
      let body: Record<string, unknown>;
      try {
        body = (await c.req.json()) as Record<string, unknown>;
      } catch {
        return c.json({ error: 'body must be JSON: {"email": "...", "frequency": "daily" | "weekly", "weekday": 1, "topics": {...}}' }, 400);
      }
      let email: string;
      let prefs: Preferences;
      try {
        if (!body || typeof body !== 'object' || Array.isArray(body)) throw new InputError('body must be a JSON object');
        email = parseEmail(body.email);
        const freq = body.frequency as unknown;
        const { frequency, weekday } =
          freq && typeof freq === 'object'
            ? parseFrequency((freq as Record<string, unknown>).period, (freq as Record<string, unknown>).weekday)
            : parseFrequency(freq, body.weekday);
        prefs = { frequency, weekday, topics: parseTopics(body.topics) };
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        return c.json({ error: err.message }, 400);
      }
      await requestSubscription(sdeps, email, prefs);
      return c.json({ status: 'accepted', message: 'If the address can receive mail, a confirmation link is on its way.' }, 202);
    },

    /** GET shows a button only: mail scanners that fetch every link must not confirm anything. */
    async confirmPage(c: AppContext) {
      protectTokenPage(c);
      const token = c.req.param('token') ?? '';
      const sub = await subscriberForToken(deps.db, token, 'confirm', Date.now());
      if (!sub) return c.html(renderBadLinkPage(frame(c)), 404);
      return c.html(renderConfirmPage(frame(c), c.req.path, sub.email));
    },

    async confirm(c: AppContext) {
      protectTokenPage(c);
      const done = await confirmSubscription(sdeps, c.req.param('token') ?? '');
      if (!done) return c.html(renderBadLinkPage(frame(c)), 404);
      return c.html(renderConfirmedPage(frame(c), done.manageUrl));
    },

    async managePage(c: AppContext) {
      protectTokenPage(c);
      const sub = await subscriberForToken(deps.db, c.req.param('token') ?? '', 'manage', Date.now());
      if (!sub) return c.html(renderBadLinkPage(frame(c)), 404);
      return c.html(renderManagePage(frame(c), c.req.path, sub, false));
    },

    async manage(c: AppContext) {
      protectTokenPage(c);
      const token = c.req.param('token') ?? '';
      const form = (await c.req.parseBody({ all: true })) as Form;
      let prefs: Preferences;
      try {
        prefs = preferencesFromForm(form);
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        const sub = await subscriberForToken(deps.db, token, 'manage', Date.now());
        if (!sub) return c.html(renderBadLinkPage(frame(c)), 404);
        return c.html(renderManagePage(frame(c), c.req.path, sub, false, err.message), 400);
      }
      const sub = await updatePreferencesWithToken(sdeps, token, prefs);
      if (!sub) return c.html(renderBadLinkPage(frame(c)), 404);
      return c.html(renderManagePage(frame(c), c.req.path, sub, true));
    },

    async unsubscribePage(c: AppContext) {
      protectTokenPage(c);
      const token = c.req.param('token') ?? '';
      const sub = (await subscriberForToken(deps.db, token, 'unsubscribe', Date.now())) ?? (await subscriberForToken(deps.db, token, 'manage', Date.now()));
      if (!sub) return c.html(renderBadLinkPage(frame(c)), 404);
      return c.html(renderUnsubscribePage(frame(c), `/unsubscribe/${token}`, sub.email));
    },

    /**
     * RFC 8058 one-click: mail providers POST `List-Unsubscribe=One-Click` without cookies, so this
     * route is exempt from CSRF (app.ts); the unguessable token is the authority. Humans get here
     * from the unsubscribe page's button.
     */
    async unsubscribe(c: AppContext) {
      protectTokenPage(c);
      const sub = await unsubscribeWithToken(sdeps, c.req.param('token') ?? '');
      if (!sub) return c.html(renderBadLinkPage(frame(c)), 404);
      return c.html(renderUnsubscribedPage(frame(c)));
    },

    async adminPage(c: AppContext) {
      const [subscribers, runs, problems, suppressions, suppressionCount, mailCounts, mailProblems] = await Promise.all([
        countSubscribersByState(deps.db),
        listRecentDigestRuns(deps.db, 20),
        listOutboxProblems(deps.db, 50),
        listSuppressions(deps.db, 50),
        countSuppressions(deps.db),
        countOutboxMailByState(deps.db),
        listOutboxMailProblems(deps.db, 50),
      ]);
      const data = { subscribers, runs, problems, suppressions, suppressionCount, mailCounts, mailProblems };
      return c.html(renderAdminDigestsPage({ ...frame(c), data }));
    },
  };
}
