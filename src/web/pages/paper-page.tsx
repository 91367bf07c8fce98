// `/papers/{id}`: one paper: authors, dates, abstract, links, categories, upvotes, similar papers, BibTeX.
import type { Child } from 'hono/jsx';
import { displayedUpvotes, type Paper } from '../../model.ts';
import type { PageFrame } from '../context.ts';
import { AuthorLinks } from '../components/author-links.tsx';
import { Layout, renderPage } from '../components/layout.tsx';
import { PaperList } from '../components/paper-row.tsx';
import { compactNumber, formatDay, repoName, safeHttpUrl } from '../format.ts';
import { arxivLinks, toBibtex } from '../paper-export.ts';
import { figureUrl } from '../handlers/figure-handlers.ts';
import { MathText } from '../components/math-text.tsx';
import { createKeptMarkup, type KeptMarkup } from '../kept-markup.ts';

export interface PaperPageProps extends PageFrame {
  paper: Paper;
  /** Related papers, and what they are (e.g. "Similar papers", "More in cs.CL"). */
  similar: { heading: string; papers: Paper[] };
  /** An upvote form from the community feature; the count is shown when absent. */
  upvote?: Child;
  /** Discussion (comments) from the community feature. */
  discussion?: Child;
  /** Why the paper is trending, with its sparkline, from the trending feature. */
  trending?: Child;
  /** The signed-in member's collections and follows for this paper (For you feature). */
  library?: Child;
  /** Where the page's own content is kept between requests (see createPaperPageMemo); without it, rendered every time. */
  memo?: PaperPageMemo;
}

/** The parts of the page's content rendered per request: the viewer's, and the trending block (kept by its own feature). */
type Slot = 'upvote' | 'trending' | 'library' | 'discussion';
export type PaperPageMemo = KeptMarkup<Slot>;

/**
 * The paper page's content kept between requests, around its per-request slots. Everything else it
 * shows follows from the paper as of its modification time (which every write to its record sets),
 * the links members set (the paper as shown carries them) and the similar papers, each as of its
 * own modification time and upvotes: the key holds these, so a vote, a link edit, an import or a
 * hidden neighbour renders it anew on the next request. Rendering the abstract, authors, facts,
 * BibTeX and five similar rows through JSX was most of an uncached paper page's own CPU.
 */
export function createPaperPageMemo(maxPages = 1000): PaperPageMemo {
  return createKeptMarkup<Slot>(['upvote', 'trending', 'library', 'discussion'], maxPages);
}

/** What the page's own content follows from (kept under it by the memo, and part of a visitor's whole-page key). */
export function paperContentKey(paper: Paper, similar: PaperPageProps['similar']): string {
  const neighbours = similar.papers.map((p) => `${p.id}\u0001${p.modifiedAt}\u0001${displayedUpvotes(p)}`);
  return [paper.id, paper.modifiedAt, JSON.stringify([paper.codeUrls, paper.projectUrls]), similar.heading, ...neighbours].join('\u0000');
}

export function renderPaperPage(props: PaperPageProps): string {
  const { paper, similar } = props;
  const category = paper.primaryCategory ?? paper.categories[0];
  const slots: Record<Slot, Child> = {
    upvote: props.upvote ?? <span>▲ {displayedUpvotes(paper)}</span>,
    trending: props.trending ? <div class="why">{props.trending}</div> : null,
    library: props.library ?? null,
    discussion: props.discussion ?? null,
  };
  const content = props.memo
    ? props.memo.fill(paperContentKey(paper, similar), (marks) => String(<PaperContent paper={paper} similar={similar} slots={marks} />), slots)
    : <PaperContent paper={paper} similar={similar} slots={slots} />;
  return renderPage(
    <Layout
      title={paper.title}
      canonical={`${props.publicUrl}/papers/${paper.id}`}
      description={paper.abstract.slice(0, 200)}
      image={`${props.publicUrl}${figureUrl(paper.id, 'md')}`}
      csrfToken={props.csrfToken}
      viewer={props.viewer}
      here={props.here}
      feeds={category ? [{ title: `New in ${category} (RSS)`, href: `/feeds/category/${category}.rss`, type: 'rss' }] : []}
    >
      {content}
    </Layout>,
  );
}

/** The page's own content: a function of the paper and its similar papers, and of the slots' children. */
function PaperContent(props: { paper: Paper; similar: PaperPageProps['similar']; slots: Record<Slot, Child> }) {
  const { paper, slots } = props;
  const arxiv = arxivLinks(paper.id);
  const codes = paper.codeUrls.map(safeHttpUrl).filter((u): u is string => u !== null);
  const projects = paper.projectUrls.map(safeHttpUrl).filter((u): u is string => u !== null);
  const stars = paper.daily?.githubStars ?? null;
  return (
    <>
      <article class="paper" aria-labelledby="paper-title">
        <h1 id="paper-title">
          <MathText text={paper.title} />
        </h1>
        {paper.authors.length ? <p class="authors"><AuthorLinks authors={paper.authors} /></p> : null}
        <div class="paper-head">
        <img src={figureUrl(paper.id, 'md')} class="paper-figure" alt="" width={320} height={180} />
        <dl class="facts">
          {paper.publishedAt ? (
            <>
              <dt>Published</dt>
              <dd>
                <time datetime={new Date(paper.publishedAt).toISOString()}>{formatDay(paper.publishedAt)}</time>
                {paper.updatedAt && paper.updatedAt !== paper.publishedAt ? <> (updated {formatDay(paper.updatedAt)})</> : null}
              </dd>
            </>
          ) : null}
          {paper.daily ? (
            <>
              <dt>Daily Papers</dt>
              <dd>
                <a href={`/papers/date/${paper.daily.featuredOn}`}>{formatDay(paper.daily.featuredOn)}</a>
                {paper.daily.submittedBy ? <> · submitted by {paper.daily.submittedBy}</> : null}
              </dd>
            </>
          ) : null}
          <dt>Upvotes</dt>
          <dd>{slots.upvote}</dd>
          {paper.categories.length ? (
            <>
              <dt>Categories</dt>
              <dd>
                {paper.categories.map((c, i) => (
                  <>
                    {i > 0 ? ' ' : null}
                    <span class="badge">{c}</span>
                  </>
                ))}
              </dd>
            </>
          ) : null}
          {paper.comments ? (
            <>
              <dt>Comments</dt>
              <dd>{paper.comments}</dd>
            </>
          ) : null}
          {paper.journalRef ? (
            <>
              <dt>Journal</dt>
              <dd>{paper.journalRef}</dd>
            </>
          ) : null}
        </dl>
        </div>
        {slots.trending}
        <nav class="links" aria-label="Paper links">
          <ul>
            {arxiv ? (
              <>
                <li>
                  <a href={arxiv.abs}>arXiv page</a>
                </li>
                <li>
                  <a href={arxiv.pdf}>PDF</a>
                </li>
              </>
            ) : null}
            {codes.map((url, i) => (
              <li>
                <a href={url} rel="nofollow noopener">
                  Code: {repoName(url)}
                </a>
                {i === 0 && stars !== null ? <span class="muted"> ★ {compactNumber(stars)} star{stars === 1 ? '' : 's'}</span> : null}
              </li>
            ))}
            {projects.map((url) => (
              <li>
                <a href={url} rel="nofollow noopener">
                  Project page
                </a>
              </li>
            ))}
            <li>
              <a href={`/papers/${paper.id}.md`}>Markdown</a>
            </li>
          </ul>
        </nav>
        {slots.library}
        {/* The one-paragraph summary first: it is what a reader skims before deciding to read on. */}
        {paper.daily?.aiSummary ? (
          <section class="ai-summary" aria-labelledby="summary-title">
            <h2 id="summary-title">Summary</h2>
            <p>
              <MathText text={paper.daily.aiSummary} />
            </p>
          </section>
        ) : null}
        <section aria-labelledby="abstract-title">
          <h2 id="abstract-title">Abstract</h2>
          <p class="abstract">{paper.abstract ? <MathText text={paper.abstract} /> : 'No abstract available.'}</p>
        </section>
        <section aria-labelledby="bibtex-title">
          <h2 id="bibtex-title">Cite</h2>
          <pre id="bibtex" tabindex={0}>{toBibtex(paper)}</pre>
          <button type="button" data-copy="#bibtex" hidden>
            Copy BibTeX
          </button>
        </section>
        {slots.discussion}
      </article>
      <section class="similar" aria-labelledby="similar-title">
        <h2 id="similar-title">{props.similar.heading}</h2>
        <PaperList papers={props.similar.papers} level={3} label={props.similar.heading} empty="No related papers found yet." />
      </section>
    </>
  );
}
