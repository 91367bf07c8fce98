// A member's settings: profile (public handle), digest preferences for their signed-in address,
// and API tokens to create (shown once) and revoke.
import { Layout, renderPage } from '../components/layout.tsx';
import type { Viewer } from '../context.ts';
import type { ApiTokenInfo } from '../../store/auth-tokens.ts';
import type { Subscriber } from '../../model.ts';
import { NO_TOPICS } from '../../digest/topics.ts';
import { PreferenceFields, type PreferencesFormValues } from './subscribe-page.tsx';

export interface SettingsPageProps {
  csrfToken: string;
  viewer: Viewer;
  tokens: ApiTokenInfo[];
  newToken?: string;
  /** The digest subscription of the member's address, if any. */
  subscriber?: Subscriber | null;
  /** What was just saved, or what is wrong with the form (with the field named). */
  notice?: { section: 'profile' | 'digest'; text: string; error?: boolean };
  /** The digest form as last typed, when it had an error. */
  digestValues?: PreferencesFormValues;
  /** The member just deleted their For you data. */
  deleted?: boolean;
}

function Notice({ p, section }: { p: SettingsPageProps; section: 'profile' | 'digest' }) {
  if (p.notice?.section !== section) return null;
  return (
    <p class="notice" role={p.notice.error ? 'alert' : 'status'}>
      {p.notice.text}
    </p>
  );
}

const day = (ms: number | null) => (ms === null ? 'never' : new Date(ms).toISOString().slice(0, 16).replace('T', ' '));

export function renderSettingsPage(p: SettingsPageProps): string {
  const sub = p.subscriber ?? null;
  const active = sub !== null && sub.state !== 'unsubscribed';
  const values: PreferencesFormValues = p.digestValues ?? (sub ? { frequency: sub.frequency, weekday: sub.weekday, topics: sub.topics } : { frequency: 'daily', weekday: null, topics: NO_TOPICS });
  return renderPage(
    <Layout title="Settings" csrfToken={p.csrfToken} viewer={p.viewer}>
      <h1>Settings</h1>
      <p>
        Signed in as <strong>{p.viewer.name}</strong> ({p.viewer.email}).
      </p>
      <section class="settings-section" aria-labelledby="profile-title">
        <h2 id="profile-title">Profile</h2>
        <Notice p={p} section="profile" />
        <form method="post" action="/settings/profile" class="curation-row">
          <input type="hidden" name="_csrf" value={p.csrfToken} />
          <label for="profile-name">Public name</label>
          <input id="profile-name" name="name" required minlength={2} maxlength={30} pattern="[a-z0-9][a-z0-9_\-]{1,29}" value={p.viewer.name} />
          <button type="submit">Save name</button>
        </form>
        <p class="muted">
          Shown on your comments, submissions and <a href={`/u/${encodeURIComponent(p.viewer.name)}`}>profile page</a>: 2–30 characters of a–z, 0–9, _ and -.
        </p>
      </section>
      <section class="settings-section" aria-labelledby="digest-title">
        <h2 id="digest-title">Email digest</h2>
        <Notice p={p} section="digest" />
        <p>
          {active
            ? sub!.state === 'confirmed'
              ? `${p.viewer.email} gets the ${sub!.frequency} digest.`
              : `${p.viewer.email} has a subscription waiting for confirmation; saving here confirms it.`
            : `${p.viewer.email} gets no digest. Choose how often and what about, then save.`}
        </p>
        <form method="post" action="/settings/digest">
          <input type="hidden" name="_csrf" value={p.csrfToken} />
          <PreferenceFields values={values} />
          <p>
            <button type="submit" name="action" value="save">
              {active ? 'Save digest preferences' : 'Subscribe to the digest'}
            </button>{' '}
            {active ? (
              <button type="submit" name="action" value="stop" class="secondary" formnovalidate>
                Stop the digest
              </button>
            ) : null}
          </p>
        </form>
      </section>
      <h2>API tokens</h2>
      <p>
        Send a token as <code>Authorization: Bearer TOKEN</code> to submit and upvote through the API.
      </p>
      {p.newToken ? (
        <p class="notice" role="status">
          Your new token (copy it now, it is not shown again): <code id="new-token">{p.newToken}</code>
        </p>
      ) : null}
      <ul>
        {p.tokens.map((t) => (
          <li>
            {t.name} <small>created {day(t.createdAt)}, last used {day(t.lastUsedAt)}</small>{' '}
            <form method="post" action={`/settings/tokens/${t.id}/delete`} class="inline">
              <input type="hidden" name="_csrf" value={p.csrfToken} />
              <button type="submit" class="link">Revoke</button>
            </form>
          </li>
        ))}
      </ul>
      <form method="post" action="/settings/tokens">
        <input type="hidden" name="_csrf" value={p.csrfToken} />
        <label for="token-name">Token name</label> <input id="token-name" name="name" required maxlength={60} />{' '}
        <button type="submit">Create token</button>
      </form>
      <h2 id="for-you">Your For-you data</h2>
      <p>
        Your <a href="/for-you">For you</a> feed learns from your collections, follows, upvotes and "not interested" marks. They are yours:
      </p>
      {p.deleted ? (
        <p class="notice" role="status">
          Deleted: your collections, follows, "not interested" marks and the model learned from them.
        </p>
      ) : null}
      <p>
        <a href="/settings/for-you/export" download>Download all of it as JSON</a> (including the model's weights).
      </p>
      <form method="post" action="/settings/for-you/delete">
        <input type="hidden" name="_csrf" value={p.csrfToken} />
        <label>
          <input type="checkbox" name="confirm" value="yes" required /> Delete my collections, follows, "not interested" marks and model
        </label>{' '}
        <label>
          <input type="checkbox" name="upvotes" value="1" /> and withdraw my upvotes
        </label>{' '}
        <button type="submit">Delete</button>
      </form>
    </Layout>,
  );
}
