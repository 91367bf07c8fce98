// The settings page's profile and digest forms. The digest form needs no confirmation mail: the
// member proved the address by signing in with it.
import type { Context } from 'hono';
import { InputError } from '../../errors.ts';
import type { AppEnv, Viewer } from '../context.ts';
import { checkName } from '../../community/accounts.ts';
import { renameUser } from '../../store/users.ts';
import { listApiTokens } from '../../store/auth-tokens.ts';
import { confirmSubscriber, getSubscriberByEmail, insertPendingSubscriber, unsubscribeSubscriber, updateSubscriberPreferences } from '../../store/subscribers.ts';
import { preferencesFromForm } from './subscription-handlers.ts';
import { renderSettingsPage, type SettingsPageProps } from '../pages/settings-page.tsx';
import { type CommunityDeps } from './community-deps.ts';
import { memberOf } from '../auth.ts';

type C = Context<AppEnv>;
type Form = Record<string, string | File | (string | File)[]>;

/** Everything the settings page shows for a member. */
export async function settingsPageProps(deps: Pick<CommunityDeps, 'db'>, c: C, viewer: Viewer): Promise<SettingsPageProps> {
  const [tokens, subscriber] = await Promise.all([listApiTokens(deps.db, viewer.id), getSubscriberByEmail(deps.db, viewer.email)]);
  return { csrfToken: c.get('csrfToken'), viewer, tokens, subscriber };
}

export function settingsHandlers(deps: CommunityDeps) {
  const { db } = deps;
  return {
    async saveProfile(c: C) {
      const viewer = memberOf(c);
      const form = (await c.req.parseBody()) as Form;
      const name = typeof form.name === 'string' ? form.name.trim().toLowerCase() : '';
      try {
        checkName(name);
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        return c.html(renderSettingsPage({ ...(await settingsPageProps(deps, c, viewer)), notice: { section: 'profile', text: `Public name: ${err.message}`, error: true } }), 400);
      }
      if (!(await renameUser(db, viewer.id, name))) {
        const text = `Public name: "${name}" is taken by another member; choose another.`;
        return c.html(renderSettingsPage({ ...(await settingsPageProps(deps, c, viewer)), notice: { section: 'profile', text, error: true } }), 409);
      }
      const renamed = { ...viewer, name };
      return c.html(renderSettingsPage({ ...(await settingsPageProps(deps, c, renamed)), notice: { section: 'profile', text: `Saved: your public name is now ${name}.` } }));
    },

    async saveDigest(c: C) {
      const viewer = memberOf(c);
      const form = (await c.req.parseBody({ all: true })) as Form;
      const now = Date.now();
      const existing = await getSubscriberByEmail(db, viewer.email);
      if (form.action === 'stop') {
        if (existing) await unsubscribeSubscriber(db, existing.id, now);
        return c.html(renderSettingsPage({ ...(await settingsPageProps(deps, c, viewer)), notice: { section: 'digest', text: 'Stopped: no more digests to this address.' } }));
      }
      let prefs;
      try {
        prefs = preferencesFromForm(form);
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        return c.html(renderSettingsPage({ ...(await settingsPageProps(deps, c, viewer)), notice: { section: 'digest', text: err.message, error: true } }), 400);
      }
      const id = existing?.id ?? (await insertPendingSubscriber(db, viewer.email, prefs, now)) ?? (await getSubscriberByEmail(db, viewer.email))!.id;
      await updateSubscriberPreferences(db, id, prefs, now);
      if (existing?.state !== 'confirmed') await confirmSubscriber(db, id, now);
      const text = prefs.frequency === 'weekly' ? 'Saved: a weekly digest.' : 'Saved: a daily digest.';
      return c.html(renderSettingsPage({ ...(await settingsPageProps(deps, c, viewer)), notice: { section: 'digest', text } }));
    },
  };
}
