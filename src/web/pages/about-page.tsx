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
          The trending list covers the papers featured on Daily Papers during a window: the latest day, the latest 7 days (the
          default) or the latest 30 days. The window ends at the <strong>latest day that has featured papers</strong>, not at
          today's date, so a catalog that was last updated a while ago still shows a full list; the page says "as of" which day.
        </p>
        <p>
          Within the window, papers are ordered by their number of upvotes, most first; papers with equal upvotes are ordered by
          arXiv identifier, newest first. GitHub stars are shown next to each paper but do not yet change its position.
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
