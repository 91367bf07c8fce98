// A member's settings: API tokens to create (shown once) and revoke.
import { Layout, renderPage } from '../components/layout.tsx';
import type { Viewer } from '../context.ts';
import type { ApiTokenInfo } from '../../store/auth-tokens.ts';

const day = (ms: number | null) => (ms === null ? 'never' : new Date(ms).toISOString().slice(0, 16).replace('T', ' '));

export function renderSettingsPage(p: { csrfToken: string; viewer: Viewer; tokens: ApiTokenInfo[]; newToken?: string; deleted?: boolean }): string {
  return renderPage(
    <Layout title="Settings" csrfToken={p.csrfToken} viewer={p.viewer}>
      <h1>Settings</h1>
      <p>
        Signed in as <strong>{p.viewer.name}</strong> ({p.viewer.email}).
      </p>
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
