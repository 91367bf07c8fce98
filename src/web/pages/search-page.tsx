// `/search`: the query box with filters (dates, category, code, stars), sort and mode, and the ranked results.
import type { PageFrame } from '../context.ts';
import { raw } from 'hono/html';
import { Layout, renderPage } from '../components/layout.tsx';
import { Pager } from '../components/pager.tsx';
import { formatDay, shortAuthors } from '../format.ts';
import { MathText } from '../components/math-text.tsx';
import { AuthorLinks } from '../components/author-links.tsx';
import { DEFAULT_MODE, type SearchQuery, type SearchResult } from '../../search/service.ts';

export interface SearchPageProps extends PageFrame {
  query: SearchQuery;
  /** Raw form values, echoed back into the form as typed. */
  form: Record<string, string>;
  result: SearchResult | null;
  error: string | null;
}

/** The URL of another page of the same search. */
export function searchHref(form: Record<string, string>, page: number): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) if (v !== '' && k !== 'p' && k !== 'offset') params.set(k, v);
  if (page > 0) params.set('p', String(page));
  return `/search?${params.toString()}`;
}

export function renderSearchPage(props: SearchPageProps): string {
  const { form, result, query } = props;
  const q = query.q.trim();
  const limit = query.limit ?? 20;
  const page = Math.floor((query.offset ?? 0) / limit);
  const selected = (name: string, value: string, fallback: string) => (form[name] ?? fallback) === value;
  return renderPage(
    <Layout
      title={q ? `Search: ${q}` : 'Search'}
      canonical={`${props.publicUrl}/search`}
      description="Search papers by keyword and by meaning."
      csrfToken={props.csrfToken}
      viewer={props.viewer}
      current="search"
      query={query.q}
      feeds={q ? [{ title: `Search: ${q} (RSS)`, href: `/feeds/search.rss?q=${encodeURIComponent(q)}`, type: 'rss' }] : []}
    >
      <h1>Search papers</h1>
      <form class="search-filters" action="/search" method="get" role="search" aria-label="Search with filters" data-live-search>
        <p class="query-row">
          <label for="q">Query</label>
          <input id="q" type="search" name="q" value={form.q ?? ''} placeholder='e.g. "graph neural networks" -survey' autocomplete="off" />
          <button type="submit">Search</button>
        </p>
        <p class="filters">
          <label>
            From <input type="date" name="from" value={form.from ?? ''} />
          </label>{' '}
          <label>
            To <input type="date" name="to" value={form.to ?? ''} />
          </label>{' '}
          <label>
            Category <input type="text" name="category" value={form.category ?? ''} placeholder="cs.CL" size={8} />
          </label>{' '}
          <label>
            <input type="checkbox" name="has_code" value="1" checked={form.has_code === '1'} /> Has code
          </label>{' '}
          <label>
            Min stars <input type="number" name="min_stars" min="0" value={form.min_stars ?? ''} size={6} />
          </label>{' '}
          <label>
            Sort{' '}
            <select name="sort">
              <option value="relevance" selected={selected('sort', 'relevance', 'relevance')}>Relevance</option>
              <option value="date" selected={selected('sort', 'date', 'relevance')}>Newest</option>
              <option value="trending" selected={selected('sort', 'trending', 'relevance')}>Trending</option>
            </select>
          </label>{' '}
          <label>
            Match{' '}
            <select name="mode">
              <option value="keyword" selected={selected('mode', 'keyword', DEFAULT_MODE)}>Words</option>
              <option value="hybrid" selected={selected('mode', 'hybrid', DEFAULT_MODE)}>Words and meaning</option>
              <option value="semantic" selected={selected('mode', 'semantic', DEFAULT_MODE)}>Meaning only</option>
            </select>
          </label>
        </p>
      </form>
      {/* Replaced in place as the visitor types (app.js fetches this same page); the form works without it. */}
      <div id="search-results">
      {props.error ? (
        <p class="notice" role="alert">
          {props.error}
        </p>
      ) : null}
      {result ? (
        <>
          <p class="muted" role="status">
            {result.total === 0 ? 'No papers match.' : `${result.total.toLocaleString('en-US')} paper${result.total === 1 ? '' : 's'} found.`}{' '}
            Tips: <code>"exact phrase"</code>, <code>-exclude</code>, <code>+require</code>, <code>prefix*</code>, <code>author:"Name"</code>, an arXiv id or URL.
          </p>
          <SearchNotes result={result} form={form} csrfToken={props.csrfToken} />
          {result.hits.length ? raw(hitsText(result, query.offset ?? 0)) : null}
          <Pager page={page} pageSize={limit} total={Math.min(result.total, 1000)} href={(p) => searchHref(form, p)} />
        </>
      ) : null}
      </div>
    </Layout>,
  );
}

/**
 * The results list's markup, kept per answer (and first rank): the search memo (search-memo.ts)
 * hands out the same answer object while the catalog is unchanged, and the list shows only that
 * answer's hits (catalog data: no votes, comments or viewer), so its text is the same until the
 * answer is replaced. Rendering 20 hits (titles with math, author links, dates) was most of an
 * uncached search page's own work. Held weakly: an answer the search memo drops takes its text along.
 */
const keptHits = new WeakMap<SearchResult, Map<number, string>>();

function hitsText(result: SearchResult, offset: number): string {
  let byOffset = keptHits.get(result);
  if (!byOffset) keptHits.set(result, (byOffset = new Map()));
  let text = byOffset.get(offset);
  if (text === undefined) {
    text = String(<HitList hits={result.hits} offset={offset} />);
    // Offsets come from the request (bounded to 1000 by the handler); a few per answer are plenty.
    if (byOffset.size >= 8) byOffset.clear();
    byOffset.set(offset, text);
  }
  return text;
}

function HitList({ hits, offset }: { hits: SearchResult['hits']; offset: number }) {
  return (
    <ol class="papers search-results" aria-label="Search results" start={offset + 1}>
      {hits.map((h) => (
        <li class="paper-row">
          <div class="paper-body">
            <h2>
              <a href={`/papers/${h.id}`}>
                <MathText text={h.title} />
              </a>
            </h2>
            {h.paper.authors.length ? <p class="authors"><AuthorLinks authors={h.paper.authors} max={4} /></p> : null}
            <p class="meta">
              {h.paper.publishedAt !== null ? <time datetime={new Date(h.paper.publishedAt).toISOString()}>{formatDay(h.paper.publishedAt)}</time> : null}
              {h.paper.primaryCategory ? <span class="category">{h.paper.primaryCategory}</span> : null}
              {h.paper.codeUrls.length ? <span class="badge">Code</span> : null}
              <a href={`/papers/${h.id}#similar`}>Similar papers</a>
            </p>
            {/* The snippet is built from escaped text with only <mark> added (search/snippet.ts). */}
            <p class="snippet" dangerouslySetInnerHTML={{ __html: h.snippet }} />
          </div>
        </li>
      ))}
    </ol>
  );
}

/** What the search made of the query: a corrected spelling, an id to fetch, or nothing known at all. */
function SearchNotes(props: { result: SearchResult; form: Record<string, string>; csrfToken: string }) {
  const { result, form } = props;
  const typed = (form.q ?? '').trim();
  if (result.missingId) {
    const id = result.missingId;
    return (
      <div class="notice" role="note">
        <p>
          arXiv paper <strong>{id}</strong> is not in the catalog yet. Fetch it from arXiv and add it to today's papers, or read it on{' '}
          <a href={`https://arxiv.org/abs/${id}`} rel="nofollow">arxiv.org</a>.
        </p>
        <form method="post" action="/submit">
          <input type="hidden" name="_csrf" value={props.csrfToken} />
          <input type="hidden" name="paper" value={id} />
          <button type="submit">Fetch and submit {id}</button>
        </form>
      </div>
    );
  }
  if (result.correctedQuery && result.correctedQuery !== typed) {
    const href = searchHref({ ...form, q: result.correctedQuery }, 0);
    return (
      <p class="notice" role="note">
        {result.noMatch ? 'Did you mean ' : 'Showing results for '}
        <a href={href}>{result.correctedQuery}</a>
        {result.noMatch ? '?' : ': no paper has some of the words as you typed them.'}
      </p>
    );
  }
  if (result.fromStore) {
    return (
      <p class="notice" role="note">
        Search is starting up: until its index is ready, these are the papers whose titles contain every word, newest first.
      </p>
    );
  }
  if (result.noMatch) {
    return (
      <p class="notice" role="note">
        No word of “{typed.slice(0, 100)}” appears in any paper, and no paper is close in meaning. Check the spelling, or try fewer or more general words.
      </p>
    );
  }
  return null;
}
