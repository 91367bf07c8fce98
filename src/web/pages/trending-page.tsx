// `/`: the trending papers of the latest day, week (default) or month, dated "as of" the latest activity.
import type { Child } from 'hono/jsx';
import { raw } from 'hono/html';
import type { PageFrame } from '../context.ts';
import { Layout, renderPage } from '../components/layout.tsx';
import { PaperList, rowShown, type ListingView, type RowControl, type RowMemo } from '../components/paper-row.tsx';
import { keyOf } from '../page-memo.ts';
import { ViewSwitch } from '../components/view-switch.tsx';
import type { RowFacts } from '../../store/row-facts.ts';
import { Pager } from '../components/pager.tsx';
import { formatDay } from '../format.ts';
import type { TrendingList, TrendingWindow } from '../../trending/listing.ts';
import type { Sparkline } from '../star-memo.ts';

export interface TrendingPageProps extends PageFrame {
  list: TrendingList;
  /** Server-rendered SVG sparklines of the rows' star history, by paper id (trusted markup), with their keys. */
  sparklines?: Map<string, Sparkline>;
  page: number;
  pageSize: number;
  catalogUpdatedAt?: number | null;
  /** Each row's upvote button, from the community feature. */
  upvote?: RowControl;
  facts?: RowFacts;
  view?: ListingView;
  /** Rendered rows kept between requests. */
  rowMemo?: RowMemo;
}

const TABS: { window: TrendingWindow; label: string }[] = [
  { window: 'day', label: 'Day' },
  { window: 'week', label: 'Week' },
  { window: 'month', label: 'Month' },
];

export function windowHref(window: TrendingWindow, page = 0): string {
  const params = new URLSearchParams();
  if (window !== 'week') params.set('window', window);
  if (page > 0) params.set('p', String(page));
  const qs = params.toString();
  return qs ? `/?${qs}` : '/';
}

/**
 * Everything a visitor's trending page shows (page-memo.ts), or null for a page that depends on
 * who is looking (a member's, or rows with per-viewer controls). The rows' part is what their kept
 * markup is keyed by (components/paper-row.tsx): a paper's text follows from its id and
 * modification time, and its counts, why it trends and its sparkline are here as shown.
 */
export function trendingPageKey(props: TrendingPageProps): string | null {
  const { list, facts, upvote } = props;
  if (props.viewer || (upvote && upvote.sameForEveryone === undefined)) return null;
  const parts: (string | number | boolean | null | undefined)[] = [
    'trending', props.publicUrl, props.here, props.view ?? 'list', props.page, props.pageSize, props.catalogUpdatedAt,
    list.window, list.asOf, list.from, list.total, list.fellBack, upvote?.sameForEveryone ?? '-',
  ];
  list.papers.forEach((p, i) => parts.push(rowShown(p, facts), list.reasons[i]?.explanation, props.sparklines?.get(p.id)?.key));
  return keyOf(parts);
}

export function renderTrendingPage(props: TrendingPageProps): string {
  const { list } = props;
  return renderPage(
    <Layout
      title="Trending papers"
      canonical={props.publicUrl + windowHref(list.window, props.page)}
      description="Research papers the community is reading, upvoting and starring right now."
      csrfToken={props.csrfToken}
      viewer={props.viewer}
      here={props.here}
      current="trending"
      catalogUpdatedAt={props.catalogUpdatedAt}
      feeds={[
        { title: 'Trending papers (RSS)', href: '/feeds/trending.rss', type: 'rss' },
        { title: 'Trending papers (Atom)', href: '/feeds/trending.atom', type: 'atom' },
        { title: 'Trending papers (JSON Feed)', href: '/feeds/trending.json', type: 'json' },
      ]}
    >
      <div class="listing-head">
        <h1>Trending papers</h1>
        <nav class="tabs" aria-label="Trending window">
          {TABS.map((t) => (
            <a href={windowHref(t.window)} aria-current={t.window === list.window ? 'page' : undefined}>
              {t.label}
            </a>
          ))}
        </nav>
        <ViewSwitch view={props.view ?? 'list'} here={props.here} />
      </div>
      <p class="muted listing-summary">
        {list.asOf ? (
          <>
            {list.total} paper{list.total === 1 ? '' : 's'} with new stars or upvotes since {formatDay(list.from)}, as of{' '}
            <time datetime={list.asOf}>{formatDay(list.asOf)}</time>
            {list.fellBack ? ', the latest day with enough activity to rank' : ''}.{' '}
            <a href="/about#trending">How is this ordered?</a>
          </>
        ) : (
          'No papers yet.'
        )}
      </p>
      <PaperList
        upvote={props.upvote}
        facts={props.facts}
        view={props.view}
        papers={list.papers}
        ranked
        firstRank={props.page * props.pageSize + 1}
        label="Trending papers"
        memo={props.rowMemo}
        why={(i) => list.reasons[i]?.explanation}
        sparkline={(i) => {
          const drawn = props.sparklines?.get(list.papers[i]!.id);
          return drawn ? raw(drawn.svg) : undefined;
        }}
        sparklineKey={(i) => props.sparklines?.get(list.papers[i]!.id)?.key ?? ''}
        empty={
          <>
            Nothing is trending yet: no paper here has gained stars or upvotes. Browse the <a href="/papers">daily papers</a>, or{' '}
            <a href="/subscribe">get the trending papers by email</a> once they arrive.
          </>
        }
      />
      <Pager page={props.page} pageSize={props.pageSize} total={list.total} href={(p) => windowHref(list.window, p)} />
    </Layout>,
  );
}
