// `/about`: what Paperboy is, how the lists are ordered today, and where the feeds and API are.
import type { Viewer } from '../context.ts';
import { Layout, renderPage } from '../components/layout.tsx';

export function renderAboutPage(props: { publicUrl: string; csrfToken: string; viewer: Viewer | null }): string {
  return renderPage(
    <Layout title="About" canonical={`${props.publicUrl}/about`} csrfToken={props.csrfToken} viewer={props.viewer} current="about">
      <h1>About Paperboy</h1>
      <p>
        Paperboy collects research papers from arXiv and Hugging Face Daily Papers, lets a community curate and upvote them, and
        shows what is worth reading now, on these pages, in feeds, through a JSON API and by email.
      </p>
      <section aria-labelledby="trending">
        <h2 id="trending">How trending works</h2>
        <p>
          A paper trends when its code gains GitHub stars and readers upvote it, and the newer it is the more that counts. For a
          window of a day, a week (the default) or a month, every paper with activity in the window gets a score:
        </p>
        <pre tabindex={0} aria-label="The trending formula">
          {`stars    = stars the paper's code gained in the window (a loss counts as 0)
upvotes  = upvotes cast in the window (here, and on Hugging Face on the day it was featured)
activity = log2(1 + stars) + 2 × log2(1 + upvotes)
recency  = halves every 2 days (day), 7 days (week) or 30 days (month) of the paper's age, never below 0.1
score    = activity × recency`}
        </pre>
        <p>
          The logarithms keep one famous repository from drowning every other paper, and put stars and upvotes on one scale: ten
          upvotes count about as much as 120 stars. Papers with equal scores are ordered by arXiv identifier. Each row says why it
          is there, for example "+312 stars this week · 45 upvotes · 3 days old", and a small chart shows the star history.
        </p>
        <p>
          The window normally ends now. When too little happened recently to fill a list (fewer than 10 papers, and fewer than the
          window ending with the last earlier day of activity: a catalog last updated a while ago) it ends at the{' '}
          <strong>latest day with enough activity</strong> instead, and the page says "as of" which day. So one vote on a quiet
          day never replaces the list with a list of one.
        </p>
      </section>
      <section aria-labelledby="daily">
        <h2 id="daily">Daily papers</h2>
        <p>
          <a href="/papers">Daily papers</a> shows every paper featured on one day, by default the latest day that has papers. Switch
          to an ISO week (Monday to Sunday) or a calendar month, and sort by trending order, upvotes or publication date. The
          previous and next links skip days, weeks or months without any featured paper (weekends, holidays) and lead to the
          nearest one that has some.
        </p>
      </section>
      <section aria-labelledby="feeds">
        <h2 id="feeds">Feeds and API</h2>
        <ul>
          <li>
            Trending: <a href="/feeds/trending.rss">RSS</a>, <a href="/feeds/trending.atom">Atom</a>,{' '}
            <a href="/feeds/trending.json">JSON Feed</a>
          </li>
          <li>
            Daily papers: <a href="/feeds/daily.rss">RSS</a>, <a href="/feeds/daily.atom">Atom</a>, <a href="/feeds/daily.json">JSON Feed</a>
          </li>
          <li>
            A category, e.g. <a href="/feeds/category/cs.CL.rss">/feeds/category/cs.CL.rss</a> (also <code>.atom</code> and{' '}
            <code>.json</code>)
          </li>
          <li>
            Any search: <code>/feeds/search.rss?q=your+words</code>, e.g. <a href="/feeds/search.rss?q=diffusion">diffusion</a>
          </li>
          <li>
            The JSON API, compatible with Hugging Face's <code>/api/daily_papers</code>, is described in{' '}
            <a href="/api/openapi.json">its OpenAPI document</a>.
          </li>
        </ul>
      </section>
    </Layout>,
  );
}
