// Pages behind mailed token links: confirm (a button, so link scanners confirm nothing), manage, unsubscribe.
import type { Child } from 'hono/jsx';
import { Layout, renderPage } from '../components/layout.tsx';
import type { Viewer } from '../context.ts';
import type { Subscriber } from '../../model.ts';
import { PreferenceFields } from './subscribe-page.tsx';

interface Frame {
  csrfToken: string;
  viewer: Viewer | null;
}

function page(frame: Frame, title: string, body: Child): string {
  return renderPage(
    <Layout title={title} csrfToken={frame.csrfToken} viewer={frame.viewer}>
      <h1>{title}</h1>
      {body}
    </Layout>,
  );
}

export function renderBadLinkPage(frame: Frame): string {
  return page(
    frame,
    'This link does not work',
    <>
      <p>The link is unknown or has expired. Links in our mails expire after a while for your safety.</p>
      <p>
        <a href="/subscribe">Subscribe again</a> to get a fresh confirmation link, or use the links in a recent digest.
      </p>
    </>,
  );
}

export function renderConfirmPage(frame: Frame, action: string, email: string): string {
  return page(
    frame,
    'Confirm your subscription',
    <form method="post" action={action}>
      <input type="hidden" name="_csrf" value={frame.csrfToken} />
      <p>
        Start sending trending papers to <strong>{email}</strong>?
      </p>
      <button type="submit">Yes, subscribe me</button>
    </form>,
  );
}

export function renderConfirmedPage(frame: Frame, manageUrl: string): string {
  return page(
    frame,
    'You are subscribed',
    <>
      <p>Your first digest arrives with the next edition. Every digest has links to change preferences or unsubscribe.</p>
      <p>
        <a href={manageUrl}>Manage preferences</a>
      </p>
    </>,
  );
}

export function renderManagePage(frame: Frame, action: string, sub: Subscriber, saved: boolean, error?: string): string {
  return page(
    frame,
    'Your subscription',
    <>
      {saved ? (
        <p class="notice" role="status">
          Saved.
        </p>
      ) : null}
      {error ? (
        <p class="notice" role="alert">
          {error}
        </p>
      ) : null}
      <p>
        Digests go to <strong>{sub.email}</strong>
        {sub.state === 'unsubscribed' ? ' (unsubscribed: saving preferences subscribes you again)' : ''}.
      </p>
      <form method="post" action={action}>
        <input type="hidden" name="_csrf" value={frame.csrfToken} />
        <PreferenceFields values={{ frequency: sub.frequency, weekday: sub.weekday, topics: sub.topics }} />
        <button type="submit">Save preferences</button>
      </form>
      {sub.state !== 'unsubscribed' ? (
        <form method="post" action={`${action}/unsubscribe`} class="spaced">
          <input type="hidden" name="_csrf" value={frame.csrfToken} />
          <button type="submit" class="link">
            Unsubscribe from all digests
          </button>
        </form>
      ) : null}
    </>,
  );
}

export function renderUnsubscribePage(frame: Frame, action: string, email: string): string {
  return page(
    frame,
    'Unsubscribe',
    <form method="post" action={action}>
      <input type="hidden" name="_csrf" value={frame.csrfToken} />
      <p>
        Stop sending digests to <strong>{email}</strong>?
      </p>
      <button type="submit">Unsubscribe</button>
    </form>,
  );
}

export function renderUnsubscribedPage(frame: Frame): string {
  return page(
    frame,
    'You are unsubscribed',
    <>
      <p>No more digests will be sent to this address.</p>
      <p>
        Changed your mind? <a href="/subscribe">Subscribe again</a>.
      </p>
    </>,
  );
}
