// One paper in a listing: title, authors, date and the facts that make it worth a look. Other
// features plug their pieces into the optional slots (why it trends, a sparkline, an upvote button).
import type { Child } from 'hono/jsx';
import { displayedUpvotes, type Paper } from '../../model.ts';
import { compactNumber, formatDay, safeHttpUrl } from '../format.ts';
import { AuthorLinks } from './author-links.tsx';

export interface PaperRowProps {
  paper: Paper;
  /** 1-based position in the list, shown when the order means something (trending). */
  rank?: number;
  /** Why the paper is trending, e.g. "+120 stars this week". */
  why?: Child;
  sparkline?: Child;
  /** An upvote form/button; the upvote count is shown here when absent. */
  upvote?: Child;
  /** Heading level of the title: 2 under a page's h1, 3 under a section's h2. */
  level?: 2 | 3;
}

export function PaperRow({ paper, rank, why, sparkline, upvote, level = 2 }: PaperRowProps) {
  const code = safeHttpUrl(paper.codeUrls[0]);
  const stars = paper.daily?.githubStars ?? null;
  const upvotes = displayedUpvotes(paper);
  const day = paper.daily?.featuredOn ?? paper.publishedAt;
  const title = <a href={`/papers/${paper.id}`}>{paper.title}</a>;
  return (
    <li class="paper-row">
      {rank !== undefined ? <span class="rank">{rank}<span class="visually-hidden">.</span></span> : null}
      <div class="paper-body">
        {level === 2 ? <h2>{title}</h2> : <h3>{title}</h3>}
        {paper.authors.length ? <p class="authors"><AuthorLinks authors={paper.authors} max={4} /></p> : null}
        {paper.abstract ? <p class="excerpt">{excerpt(paper.abstract)}</p> : null}
        <p class="meta">
          {day !== null ? <time datetime={typeof day === 'string' ? day : new Date(day).toISOString()}>{formatDay(day)}</time> : null}
          {upvote ? null : <span title="Upvotes">▲ {upvotes} upvote{upvotes === 1 ? '' : 's'}</span>}
          {stars !== null ? <span title="GitHub stars">★ {compactNumber(stars)} star{stars === 1 ? '' : 's'}</span> : null}
          {code ? (
            <a class="badge" href={code} rel="nofollow noopener">
              Code
            </a>
          ) : null}
          {paper.primaryCategory ? <span class="category">{paper.primaryCategory}</span> : null}
        </p>
        {why ? <p class="why">{why}</p> : null}
      </div>
      {sparkline || upvote ? (
        <div class="paper-side">
          {sparkline}
          {upvote}
        </div>
      ) : null}
    </li>
  );
}

/** The abstract's opening, cut at a word: the listing reads like the seed page (title, then what it is about). */
function excerpt(text: string, max = 240): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  return `${flat.slice(0, flat.lastIndexOf(' ', max))} …`;
}

/** A list of paper rows, numbered from `firstRank` when ranked. */
export function PaperList(props: {
  papers: Paper[];
  ranked?: boolean;
  firstRank?: number;
  empty?: Child;
  label?: string;
  level?: 2 | 3;
  /** The upvote button of each row (community feature); rows show the count when absent. */
  upvote?: (paper: Paper) => Child;
  /** Per-row slots, by position in `papers`: why it trends and its star sparkline. */
  why?: (index: number) => Child;
  sparkline?: (index: number) => Child;
}) {
  if (props.papers.length === 0) return <p class="notice">{props.empty ?? 'No papers here yet.'}</p>;
  const first = props.firstRank ?? 1;
  return (
    <ol class="papers" aria-label={props.label}>
      {props.papers.map((p, i) => (
        <PaperRow paper={p} rank={props.ranked ? first + i : undefined} level={props.level} why={props.why?.(i)} sparkline={props.sparkline?.(i)} upvote={props.upvote?.(p)} />
      ))}
    </ol>
  );
}
