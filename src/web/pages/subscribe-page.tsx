// The subscribe form (email, frequency, topics) and the "check your inbox" answer that follows it.
import { Layout, renderPage } from '../components/layout.tsx';
import type { Viewer } from '../context.ts';
import type { Topics } from '../../model.ts';
import { WEEKDAYS } from '../../digest/topics.ts';

/** Categories offered as checkboxes; any other arXiv category can be typed in. */
export const COMMON_CATEGORIES: [string, string][] = [
  ['cs.AI', 'Artificial intelligence'],
  ['cs.CL', 'Computation and language'],
  ['cs.CV', 'Computer vision'],
  ['cs.LG', 'Machine learning'],
  ['cs.RO', 'Robotics'],
  ['cs.IR', 'Information retrieval'],
  ['cs.SE', 'Software engineering'],
  ['stat.ML', 'Statistics: machine learning'],
];

export interface PreferencesFormValues {
  email?: string;
  frequency: 'daily' | 'weekly';
  weekday: number | null;
  topics: Topics;
}

/** The frequency and topic fields, shared by the subscribe page and the manage page. */
export function PreferenceFields(props: { values: PreferencesFormValues }) {
  const { values } = props;
  const other = values.topics.categories.filter((c) => !COMMON_CATEGORIES.some(([k]) => k === c));
  return (
    <>
      <fieldset>
        <legend>How often</legend>
        <label>
          <input type="radio" name="frequency" value="daily" checked={values.frequency === 'daily'} /> Daily
        </label>{' '}
        <label>
          <input type="radio" name="frequency" value="weekly" checked={values.frequency === 'weekly'} /> Weekly, on
        </label>{' '}
        <label class="visually-hidden" for="weekday">
          Day of the week
        </label>
        <select id="weekday" name="weekday">
          {WEEKDAYS.map((d, i) => (
            <option value={String(i)} selected={(values.weekday ?? 1) === i}>
              {d}
            </option>
          ))}
        </select>
      </fieldset>
      <fieldset>
        <legend>Topics (optional: leave empty for everything trending)</legend>
        {COMMON_CATEGORIES.map(([key, label]) => (
          <label class="choice">
            <input type="checkbox" name="categories" value={key} checked={values.topics.categories.includes(key)} /> {label} <small>{key}</small>
          </label>
        ))}
        <p>
          <label for="categories-other">Other arXiv categories, comma separated</label>
          <br />
          <input id="categories-other" name="categories_other" value={other.join(', ')} placeholder="math.OC, q-bio.NC" />
        </p>
        <p>
          <label for="keywords">Keywords, comma separated (title or abstract contains any)</label>
          <br />
          <input id="keywords" name="keywords" value={values.topics.keywords.join(', ')} placeholder="diffusion, retrieval augmented" />
        </p>
        <p>
          <label for="query">Saved search (title or abstract contains every word)</label>
          <br />
          <input id="query" name="query" value={values.topics.query ?? ''} placeholder="speech recognition low resource" />
        </p>
      </fieldset>
    </>
  );
}

export function renderSubscribePage(opts: { csrfToken: string; viewer: Viewer | null; values: PreferencesFormValues; error?: string }): string {
  return renderPage(
    <Layout title="Subscribe" csrfToken={opts.csrfToken} viewer={opts.viewer} description="Get trending research papers in your inbox, daily or weekly.">
      <h1>Get trending papers in your email inbox</h1>
      <p>A short digest of the papers the research community is reading, daily or weekly, optionally only on your topics. Each paper reaches you once.</p>
      {opts.error ? (
        <p class="notice" role="alert">
          {opts.error}
        </p>
      ) : null}
      <form method="post" action="/subscribe">
        <input type="hidden" name="_csrf" value={opts.csrfToken} />
        <p>
          <label for="email">Email address</label>
          <br />
          <input id="email" type="email" name="email" required autocomplete="email" value={opts.values.email ?? ''} />
        </p>
        <PreferenceFields values={opts.values} />
        <p>
          <button type="submit">Subscribe</button>
        </p>
        <p class="muted">We send a confirmation link first; nothing else arrives until you press its button. Every digest has a one-click unsubscribe link.</p>
      </form>
    </Layout>,
  );
}

/** The one answer to every subscription request, whether or not the address is known. */
export function renderCheckInboxPage(opts: { csrfToken: string; viewer: Viewer | null }): string {
  return renderPage(
    <Layout title="Check your inbox" csrfToken={opts.csrfToken} viewer={opts.viewer}>
      <h1>Check your inbox</h1>
      <p>If that address can receive mail, a message from us is on its way. Open the link in it to confirm your subscription.</p>
      <p class="muted">Nothing arrived after a few minutes? Look in the spam folder, or try again later.</p>
    </Layout>,
  );
}
