// The submit form: an arXiv id or URL goes to today's Daily Papers.
import { Layout, renderPage } from '../components/layout.tsx';
import type { Viewer } from '../context.ts';

export function renderSubmitPage(p: {
  csrfToken: string;
  viewer: Viewer;
  error?: string;
  value?: string;
  rules: { windowDays: number; perDay: number };
  curator: boolean;
}): string {
  return renderPage(
    <Layout title="Submit a paper" csrfToken={p.csrfToken} viewer={p.viewer}>
      <h1>Submit a paper</h1>
      <p>
        Share an arXiv paper with today's Daily Papers. Papers must be from the last {p.rules.windowDays} days and not already featured;
        {p.curator ? ' as a curator you may feature any paper on any day.' : ` you can submit ${p.rules.perDay} a day.`}
      </p>
      {p.error ? <p class="notice" role="alert">{p.error}</p> : null}
      <form method="post" action="/submit">
        <input type="hidden" name="_csrf" value={p.csrfToken} />
        <label for="submit-ref">arXiv id or URL</label>{' '}
        <input id="submit-ref" name="paper" required value={p.value ?? ''} placeholder="2503.12533 or https://arxiv.org/abs/2503.12533" />{' '}
        {p.curator ? (
          <>
            <label for="submit-day">Day</label> <input id="submit-day" type="date" name="day" />{' '}
          </>
        ) : null}
        <button type="submit">Submit</button>
      </form>
    </Layout>,
  );
}
