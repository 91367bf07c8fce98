// One paper in a listing, as a dense row (figure, title, organisation, authors, counts, why it
// ranks) or as a card of the grid view. Other features plug into the optional slots: why it
// trends, a sparkline, the upvote control, and row actions (e.g. "save to collection").
import type { Child } from 'hono/jsx';
import { displayedUpvotes, type Paper } from '../../model.ts';
import { compactNumber, formatDay, paperDate, safeHttpUrl } from '../format.ts';
import { AuthorLinks } from './author-links.tsx';
import { avatarUrl, figureUrl } from '../handlers/figure-handlers.ts';
import type { RowFacts } from '../../store/row-facts.ts';
import { MathText } from './math-text.tsx';
import { createKeptMarkup, type KeptMarkup } from '../kept-markup.ts';

/** How a visitor chose to see listings (remembered in a cookie, see view-choice.ts). */
export type ListingView = 'list' | 'grid';

export interface PaperRowProps {
  paper: Paper;
  /** 1-based position in the list, shown when the order means something (trending). */
  rank?: number;
  /** Why the paper is trending, e.g. "+120 stars this week". */
  why?: Child;
  sparkline?: Child;
  /** The upvote control; the count is shown as text when absent. */
  upvote?: Child;
  /** Buttons acting on the row's paper, shown at the row's end. */
  actions?: Child;
  facts?: RowFacts;
  /** Heading level of the title: 2 under a page's h1, 3 under a section's h2. */
  level?: 2 | 3;
  view?: ListingView;
  /** The first rows load their figures at once; the rest when scrolled near. */
  eager?: boolean;
}

/** A speech bubble drawn inline: emoji fonts are not on every system. */
function CommentIcon() {
  return (
    <svg class="icon" aria-hidden="true" width="14" height="14" viewBox="0 0 16 16">
      <path d="M2 3.5A1.5 1.5 0 0 1 3.5 2h9A1.5 1.5 0 0 1 14 3.5v6a1.5 1.5 0 0 1-1.5 1.5H7l-3 3v-3h-.5A1.5 1.5 0 0 1 2 9.5z" fill="none" stroke="currentColor" stroke-width="1.4" stroke-linejoin="round" />
    </svg>
  );
}

function Counts({ paper, facts, upvote }: { paper: Paper; facts?: RowFacts; upvote?: Child }) {
  const comments = (paper.daily?.numComments ?? 0) + (facts?.comments.get(paper.id) ?? 0);
  const stars = facts?.stars.get(paper.id) ?? (paper.daily?.githubStars != null ? { total: paper.daily.githubStars, delta: null } : null);
  const upvotes = displayedUpvotes(paper);
  return (
    <>
      {upvote ? null : (
        <span class="count" title="Upvotes">
          <span aria-hidden="true">▲</span> {upvotes}
          <span class="visually-hidden"> upvote{upvotes === 1 ? '' : 's'}</span>
        </span>
      )}
      <a class="count" href={`/papers/${paper.id}#discussion`} title="Comments">
        <CommentIcon /> {comments}
        <span class="visually-hidden"> comment{comments === 1 ? '' : 's'}</span>
      </a>
      {stars ? (
        <span class="count" title="GitHub stars">
          <span aria-hidden="true">★</span> {compactNumber(stars.total)}
          <span class="visually-hidden"> star{stars.total === 1 ? '' : 's'}</span>
          {stars.delta ? <span class="delta"> +{compactNumber(stars.delta)}<span class="visually-hidden"> this week</span></span> : null}
        </span>
      ) : null}
    </>
  );
}

export function PaperRow(props: PaperRowProps) {
  const { paper, rank, why, sparkline, upvote, facts, level = 2 } = props;
  const code = safeHttpUrl(paper.codeUrls[0]);
  // The date a row shows is the one its age ("3 days old") counts from: first publication.
  const day = paperDate(paper);
  const org = paper.daily?.organization ?? null;
  const submitter = paper.daily?.submittedBy ?? null;
  const href = `/papers/${paper.id}`;
  const title = (
    <a href={href}>
      <MathText text={paper.title} />
    </a>
  );
  const grid = props.view === 'grid';
  const loading = props.eager ? 'eager' : 'lazy';
  return (
    <li class={grid ? 'paper-card' : 'paper-row'}>
      <a class="figure" href={href} tabindex={-1} aria-hidden="true">
        <img src={figureUrl(paper.id, grid ? 'md' : 'sm')} alt="" width={grid ? 320 : 160} height={grid ? 180 : 90} loading={loading} decoding="async" />
      </a>
      <div class="paper-body">
        {level === 2 ? (
          <h2>
            {rank !== undefined ? <span class="rank">{rank}.</span> : null} {title}
          </h2>
        ) : (
          <h3>
            {rank !== undefined ? <span class="rank">{rank}.</span> : null} {title}
          </h3>
        )}
        <p class="byline">
          {org ? (
            <span class="org">
              <img src={avatarUrl(org.name)} alt="" width={16} height={16} loading={loading} decoding="async" />
              {org.fullname ?? org.name}
            </span>
          ) : null}
          {paper.authors.length ? <span class="authors"><AuthorLinks authors={paper.authors} max={grid ? 2 : 4} /></span> : null}
        </p>
        <p class="meta">
          {day !== null ? (
            <time datetime={new Date(day).toISOString().slice(0, 10)} title="First published on arXiv">
              {formatDay(day)}
            </time>
          ) : null}
          {submitter && !grid ? <span class="submitter">submitted by {submitter}</span> : null}
          <Counts paper={paper} facts={facts} upvote={upvote} />
          {code && !grid ? (
            <a class="badge" href={code} rel="nofollow noopener">
              Code
            </a>
          ) : null}
          {paper.primaryCategory && !grid ? <span class="category">{paper.primaryCategory}</span> : null}
        </p>
        {why && !grid ? <p class="why">{why}</p> : null}
      </div>
      <div class="paper-side">
        {upvote}
        {grid ? null : sparkline}
        {props.actions ? <div class="row-actions">{props.actions}</div> : null}
      </div>
    </li>
  );
}

/**
 * Rendered listing rows kept between requests. A row's text follows from its paper (as of its
 * modification time), its counts (upvotes, comments, stars), why it trends, its sparkline and its
 * place in the list; only its upvote control and actions depend on who is looking. So a row is
 * kept as the text around those two, under a key made of everything else it shows: a vote, a
 * comment, a star refresh or an import changes the key, and the row is rendered anew on the next
 * request. Rendering 30 rows through JSX was most of an uncached listing's own CPU.
 */
export type RowMemo = KeptMarkup<'upvote' | 'actions'>;

export function createRowMemo(maxRows = 4000): RowMemo {
  return createKeptMarkup(['upvote', 'actions'], maxRows);
}

/**
 * What a listed paper's row shows of the paper itself: its text (which follows from its id and
 * modification time), its upvotes, and with facts its comments and stars. Kept rows are keyed by
 * it, and so are the whole pages kept for visitors (page-memo.ts).
 */
export function rowShown(p: Paper, facts?: RowFacts): string {
  const stars = facts?.stars.get(p.id);
  const counts = facts ? `${facts.comments.get(p.id) ?? 0}/${stars ? `${stars.total}/${stars.delta}` : ''}` : '-';
  return `${p.id}\u0001${p.modifiedAt}\u0001${displayedUpvotes(p)}\u0001${counts}`;
}

/** Text of a slot that is plain markup (a string, or what hono's html/raw make); null when it cannot be a key. */
function slotText(child: Child): string | null {
  if (child === undefined || child === null || child === false) return '';
  if (typeof child === 'string') return child;
  // hono's raw()/html`` results: a String object marked as escaped.
  if (child instanceof String && (child as { isEscaped?: boolean }).isEscaped) return String(child);
  return null;
}

/**
 * A row control (upvote, actions) given per paper. `sameForEveryone`, when set, says its text
 * follows from the paper alone (its id and shown counts) and this key, not from who is looking: a
 * visitor's "sign in to upvote" link. The row memo then keeps it inside the row's text.
 */
export type RowControl = ((paper: Paper) => Child) & { sameForEveryone?: string };

/** A list of paper rows (or cards), numbered from `firstRank` when ranked. */
export function PaperList(props: {
  papers: Paper[];
  ranked?: boolean;
  firstRank?: number;
  empty?: Child;
  label?: string;
  level?: 2 | 3;
  view?: ListingView;
  facts?: RowFacts;
  /** The upvote control of each row (community feature); rows show the count when absent. */
  upvote?: RowControl;
  /** Row actions of each paper (other features: collections, …). */
  actions?: (paper: Paper) => Child;
  /** Per-row slots, by position in `papers`: why it trends and its star sparkline. */
  why?: (index: number) => Child;
  sparkline?: (index: number) => Child;
  /**
   * A short text that changes whenever the row's sparkline markup does (web/star-memo.ts: a digest
   * of it), for the kept row's key in place of the markup itself.
   */
  sparklineKey?: (index: number) => string;
  /** Where rendered rows are kept between requests (see RowMemo); without it every row is rendered. */
  memo?: RowMemo;
}) {
  if (props.papers.length === 0) return <p class="notice">{props.empty ?? 'No papers here yet.'}</p>;
  const first = props.firstRank ?? 1;
  const view = props.view ?? 'list';
  const memo = props.memo;
  if (memo) {
    const rows = props.papers.map((p, i) => {
      const rank = props.ranked ? first + i : undefined;
      const why = props.why?.(i);
      const sparkline = props.sparkline?.(i);
      // A control that is the same for every viewer is rendered into the kept row, not per request.
      const shared = props.upvote?.sameForEveryone;
      const upvote = shared === undefined ? props.upvote?.(p) : undefined;
      const actions = props.actions?.(p);
      const row = (u: Child, a: Child) => (
        <PaperRow paper={p} rank={rank} level={props.level} view={view} facts={props.facts} eager={i < 8} why={why} sparkline={sparkline} upvote={shared === undefined ? u : props.upvote!(p)} actions={a} />
      );
      const whyText = slotText(why);
      const sparkText = props.sparklineKey ? props.sparklineKey(i) : slotText(sparkline);
      if (whyText === null || sparkText === null) return row(upvote, actions);
      const key = [rowShown(p, props.facts), rank, props.level, view, i < 8, shared === undefined ? !!upvote : `shared:${shared}`, !!actions, whyText, sparkText].join('\u0000');
      // The kept text around this viewer's controls, which render with the rest of the page (one
      // render pass: a String() per control would set up a render context each).
      return memo.fill(key, (marks) => String(row(upvote ? marks.upvote : undefined, actions ? marks.actions : undefined)), { upvote, actions });
    });
    return (
      <ol class={view === 'grid' ? 'papers grid' : 'papers'} aria-label={props.label}>
        {rows}
      </ol>
    );
  }
  return (
    <ol class={view === 'grid' ? 'papers grid' : 'papers'} aria-label={props.label}>
      {props.papers.map((p, i) => (
        <PaperRow
          paper={p}
          rank={props.ranked ? first + i : undefined}
          level={props.level}
          view={view}
          facts={props.facts}
          eager={i < 8}
          why={props.why?.(i)}
          sparkline={props.sparkline?.(i)}
          upvote={props.upvote?.(p)}
          actions={props.actions?.(p)}
        />
      ))}
    </ol>
  );
}

