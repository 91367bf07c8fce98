// `/papers[/date|week|month/KEY]`: the papers featured on Daily Papers in a day, ISO week or month,
// with previous/next periods, day/week/month switch, sort order and pages.
import type { Child } from 'hono/jsx';
import type { PageFrame } from '../context.ts';
import { Layout, renderPage } from '../components/layout.tsx';
import { PaperList, rowShown, type ListingView, type RowControl, type RowMemo } from '../components/paper-row.tsx';
import { keyOf } from '../page-memo.ts';
import { ViewSwitch } from '../components/view-switch.tsx';
import type { RowFacts } from '../../store/row-facts.ts';
import { Pager } from '../components/pager.tsx';
import { periodLabel, periodOf, periodPath, type Period } from '../../periods.ts';
import type { DailyListing } from '../../daily/listing.ts';
import type { DailySort } from '../../store/daily.ts';

export interface DailyPageProps extends PageFrame {
  listing: DailyListing | null;
  sort: DailySort;
  page: number;
  pageSize: number;
  /** Each row's upvote button, from the community feature. */
  upvote?: RowControl;
  facts?: RowFacts;
  view?: ListingView;
  /** The first and last featured days, bounds of the calendar. */
  firstDay?: string;
  lastDay?: string;
  /** Rendered rows kept between requests. */
  rowMemo?: RowMemo;
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

/**
 * Everything a visitor's Daily Papers page shows (page-memo.ts), or null for one that depends on
 * who is looking; as trendingPageKey (trending-page.tsx), its rows as their kept markup is keyed.
 */
export function dailyPageKey(props: DailyPageProps): string | null {
  const { listing, facts, upvote } = props;
  if (props.viewer || (upvote && upvote.sameForEveryone === undefined)) return null;
  const parts: (string | number | boolean | null | undefined)[] = [
    'daily', props.publicUrl, props.here, props.view ?? 'list', props.sort, props.page, props.pageSize, props.firstDay, props.lastDay,
    upvote?.sameForEveryone ?? '-',
  ];
  if (listing) {
    const { period, previous, next } = listing;
    parts.push(period.kind, period.key, period.from, period.to, previous?.kind, previous?.key, next?.kind, next?.key, listing.total);
    for (const p of listing.papers) parts.push(rowShown(p, facts));
  }
  return keyOf(parts);
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
      here={props.here}
      current="daily"
      feeds={[
        { title: 'Daily papers (RSS)', href: '/feeds/daily.rss', type: 'rss' },
        { title: 'Daily papers (Atom)', href: '/feeds/daily.atom', type: 'atom' },
        { title: 'Daily papers (JSON Feed)', href: '/feeds/daily.json', type: 'json' },
      ]}
    >
      <div class="listing-head">
        <h1>
          Daily papers <span class="muted">· {label}</span>
        </h1>
        <nav class="tabs" aria-label="Period length">
          {(['day', 'week', 'month'] as const).map((kind) => (
            <a href={dailyHref(periodOf(kind, kind === 'day' ? period.to : period.from), sort)} aria-current={kind === period.kind ? 'page' : undefined}>
              {kind === 'day' ? 'Day' : kind === 'week' ? 'Week' : 'Month'}
            </a>
          ))}
        </nav>
      </div>
      <div class="toolbar">
        <nav class="period-nav" aria-label="Other periods">
          {listing.previous ? (
            <a href={dailyHref(listing.previous, sort)} rel="prev" title={periodLabel(listing.previous)}>
              ← <span class="visually-hidden">Previous: </span>
              <span class="wide-only">{periodLabel(listing.previous)}</span>
            </a>
          ) : (
            <span class="muted" title="No earlier papers">←</span>
          )}
          <form class="calendar" action="/papers/goto" method="get" data-calendar>
            <input type="hidden" name="kind" value={period.kind} />
            <label class="visually-hidden" for="calendar-day">Go to the day</label>
            <input id="calendar-day" type="date" name="day" value={period.from} min={props.firstDay} max={props.lastDay} required />
            <button type="submit" class="small">Go</button>
          </form>
          {listing.next ? (
            <a href={dailyHref(listing.next, sort)} rel="next" title={periodLabel(listing.next)}>
              <span class="visually-hidden">Next: </span>
              <span class="wide-only">{periodLabel(listing.next)}</span> →
            </a>
          ) : (
            <span class="muted" title="No later papers">→</span>
          )}
        </nav>
        <nav class="tabs" aria-label="Sort order">
          {SORTS.map((s) => (
            <a href={dailyHref(period, s.sort)} aria-current={s.sort === sort ? 'page' : undefined}>
              {s.label}
            </a>
          ))}
        </nav>
        <ViewSwitch view={props.view ?? 'list'} here={props.here} />
      </div>
      <p class="muted listing-summary">
        {listing.total} paper{listing.total === 1 ? '' : 's'}
        {listing.total > props.pageSize ? `, ${first}–${Math.min(listing.total, first + props.pageSize - 1)} shown` : ''}.
      </p>
      <PaperList
        upvote={props.upvote}
        facts={props.facts}
        view={props.view}
        papers={listing.papers}
        ranked={sort !== 'publishedAt'}
        firstRank={first}
        label={`Papers of ${label}`}
        memo={props.rowMemo}
        empty={<>No papers were featured in this period. Try the previous or next one.</>}
      />
      <Pager page={props.page} pageSize={props.pageSize} total={listing.total} href={(p) => dailyHref(period, sort, p)} />
    </Layout>,
  );
}
