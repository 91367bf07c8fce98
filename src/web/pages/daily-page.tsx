// `/papers[/date|week|month/KEY]`: the papers featured on Daily Papers in a day, ISO week or month,
// with previous/next periods, day/week/month switch, sort order and pages.
import type { Child } from 'hono/jsx';
import type { Paper } from '../../model.ts';
import type { PageFrame } from '../context.ts';
import { Layout, renderPage } from '../components/layout.tsx';
import { PaperList } from '../components/paper-row.tsx';
import { Pager } from '../components/pager.tsx';
import { periodLabel, periodOf, periodPath, type Period } from '../../periods.ts';
import type { DailyListing } from '../../listing/daily-period.ts';
import type { DailySort } from '../../store/daily.ts';

export interface DailyPageProps extends PageFrame {
  listing: DailyListing | null;
  sort: DailySort;
  page: number;
  pageSize: number;
  /** Each row's upvote button, from the community feature. */
  upvote?: (paper: Paper) => Child;
}

const SORTS: { sort: DailySort; label: string }[] = [
  { sort: 'trending', label: 'Trending' },
  { sort: 'upvotes', label: 'Most upvoted' },
  { sort: 'publishedAt', label: 'Newest' },
];

export function dailyHref(period: Period, sort: DailySort = 'trending', page = 0): string {
  const params = new URLSearchParams();
  if (sort !== 'trending') params.set('sort', sort);
  if (page > 0) params.set('p', String(page));
  const qs = params.toString();
  return periodPath(period) + (qs ? `?${qs}` : '');
}

export function renderDailyPage(props: DailyPageProps): string {
  const { listing, sort } = props;
  if (!listing) {
    return renderPage(
      <Layout title="Daily papers" csrfToken={props.csrfToken} viewer={props.viewer} current="daily">
        <h1>Daily papers</h1>
        <p class="notice">
          No papers have been featured yet. Members can <a href="/submit">submit a paper</a>; curators feature the day’s best.
        </p>
      </Layout>,
    );
  }
  const { period } = listing;
  const label = periodLabel(period);
  const first = props.page * props.pageSize + 1;
  return renderPage(
    <Layout
      title={`Daily papers: ${label}`}
      canonical={props.publicUrl + dailyHref(period, sort, props.page)}
      description={`Research papers featured on ${label}.`}
      csrfToken={props.csrfToken}
      viewer={props.viewer}
      current="daily"
      feeds={[
        { title: 'Daily papers (RSS)', href: '/feeds/daily.rss', type: 'rss' },
        { title: 'Daily papers (Atom)', href: '/feeds/daily.atom', type: 'atom' },
        { title: 'Daily papers (JSON Feed)', href: '/feeds/daily.json', type: 'json' },
      ]}
    >
      <h1>
        Daily papers <span class="muted">· {label}</span>
      </h1>
      <nav class="period-nav" aria-label="Other periods">
        {listing.previous ? (
          <a href={dailyHref(listing.previous, sort)} rel="prev">
            ← {periodLabel(listing.previous)}
          </a>
        ) : (
          <span class="muted">No earlier papers</span>
        )}
        {listing.next ? (
          <a href={dailyHref(listing.next, sort)} rel="next">
            {periodLabel(listing.next)} →
          </a>
        ) : (
          <span class="muted">No later papers</span>
        )}
      </nav>
      <div class="toolbar">
        <nav class="tabs" aria-label="Period length">
          {(['day', 'week', 'month'] as const).map((kind) => (
            <a href={dailyHref(periodOf(kind, kind === 'day' ? period.to : period.from), sort)} aria-current={kind === period.kind ? 'page' : undefined}>
              {kind === 'day' ? 'Day' : kind === 'week' ? 'Week' : 'Month'}
            </a>
          ))}
        </nav>
        <nav class="tabs" aria-label="Sort order">
          {SORTS.map((s) => (
            <a href={dailyHref(period, s.sort)} aria-current={s.sort === sort ? 'page' : undefined}>
              {s.label}
            </a>
          ))}
        </nav>
      </div>
      <p class="muted">
        {listing.total} paper{listing.total === 1 ? '' : 's'}
        {listing.total > props.pageSize ? `, ${first}–${Math.min(listing.total, first + props.pageSize - 1)} shown` : ''}.
      </p>
      <PaperList
        upvote={props.upvote}
        papers={listing.papers}
        ranked={sort !== 'publishedAt'}
        firstRank={first}
        label={`Papers of ${label}`}
        empty={<>No papers were featured in this period. Try the previous or next one.</>}
      />
      <Pager page={props.page} pageSize={props.pageSize} total={listing.total} href={(p) => dailyHref(period, sort, p)} />
    </Layout>,
  );
}
