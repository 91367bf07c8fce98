// Sign-in pages: ask for an email, "check your inbox", and the confirm button behind the mailed link.
import { Layout, renderPage } from '../components/layout.tsx';
import type { Viewer } from '../context.ts';

interface Base {
  csrfToken: string;
  viewer: Viewer | null;
}

export function renderSignInPage(p: Base & { error?: string; email?: string; next?: string | null }): string {
  return renderPage(
    <Layout title="Sign in" csrfToken={p.csrfToken} viewer={p.viewer}>
      <h1>Sign in</h1>
      <p>Enter your email address and we will mail you a sign-in link. New addresses get an account when the link is first used.</p>
      {p.error ? <p class="notice" role="alert">{p.error}</p> : null}
      <form method="post" action="/signin">
        <input type="hidden" name="_csrf" value={p.csrfToken} />
        {p.next ? <input type="hidden" name="next" value={p.next} /> : null}
        <label for="signin-email">Email address</label>{' '}
        <input id="signin-email" type="email" name="email" required autocomplete="email" value={p.email ?? ''} />{' '}
        <button type="submit">Email me a link</button>
      </form>
    </Layout>,
  );
}

/** The one answer to every well-formed sign-in request, whether or not the address has an account. */
export function renderCheckInboxPage(p: Base & { minutes: number }): string {
  return renderPage(
    <Layout title="Check your inbox" csrfToken={p.csrfToken} viewer={p.viewer}>
      <h1>Check your inbox</h1>
      <p class="notice" role="status">
        We sent a sign-in link to that address. It works once, within {p.minutes} minutes. If nothing arrives, check the address and try again.
      </p>
    </Layout>,
  );
}

/**
 * The page a mailed link opens. Signing in takes a click (a POST): mail scanners that prefetch
 * links with GET must not use up the single-use token.
 */
export function renderConfirmSignInPage(p: Base & { token: string; usable: boolean; next?: string | null }): string {
  return renderPage(
    <Layout title="Confirm sign-in" csrfToken={p.csrfToken} viewer={p.viewer}>
      <h1>Sign in to Paperboy</h1>
      {p.usable ? (
        <form method="post" action="/signin/confirm">
          <input type="hidden" name="_csrf" value={p.csrfToken} />
          <input type="hidden" name="token" value={p.token} />
          {p.next ? <input type="hidden" name="next" value={p.next} /> : null}
          <button type="submit">Sign in</button>
        </form>
      ) : (
        <p class="notice" role="alert">
          This sign-in link has expired or was already used. <a href="/signin">Ask for a new one</a>.
        </p>
      )}
    </Layout>,
  );
}

/** A page that says one thing (a refusal or a confirmation) and where to go next. */
export function renderMessagePage(p: Base & { title: string; message: string; back?: string }): string {
  return renderPage(
    <Layout title={p.title} csrfToken={p.csrfToken} viewer={p.viewer}>
      <h1>{p.title}</h1>
      <p class="notice" role="alert">{p.message}</p>
      {p.back ? (
        <p>
          <a href={p.back}>Go back</a>
        </p>
      ) : null}
    </Layout>,
  );
}
