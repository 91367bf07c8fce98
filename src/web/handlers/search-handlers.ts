// `/search`: parse the form, ask the search service, render; bad filter values are shown, not thrown.
// `/authors/{name}`: an author's papers from the search index.
import type { AppContext } from '../context.ts';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/db.ts';
import { renderAuthorPage } from '../pages/author-page.tsx';
import { rowUpvotes } from '../components/paper-community-slots.tsx';
import { notFoundPage } from '../refusals.ts';
import type { SearchService, SearchQuery, SearchResult } from '../../search/service.ts';
import { parseSearchParams } from '../../api/search.ts';
import { ParamError } from '../../api/params.ts';
import { renderSearchPage } from '../pages/search-page.tsx';
import { tagPapers } from '../render-record.ts';

const FIELDS = ['q', 'from', 'to', 'category', 'has_code', 'min_stars', 'sort', 'mode', 'p'];

async function showSearch(c: AppContext, config: Config, search: SearchService): Promise<Response> {
  const form: Record<string, string> = {};
  for (const f of FIELDS) {
    const v = c.req.query(f);
    if (v !== undefined) form[f] = v.slice(0, 2000);
  }
  let query: SearchQuery = { q: form.q ?? '', limit: 20, offset: 0 };
  let result: SearchResult | null = null;
  let error: string | null = null;
  try {
    query = { ...parseSearchParams((n) => form[n], (n) => (form[n] ? [form[n]] : [])), limit: 20 };
    query.offset = Math.min(1000, Number(form.p ?? 0) * 20 || 0);
    const asked = query.q.trim() !== '' || Object.keys(form).some((k) => k !== 'q' && form[k] !== '');
    if (asked) result = await search.search(query);
    // An id, URL or DOI names one paper: go there, as a researcher pasting it expects. (`mode` or
    // filters in the URL mean someone is searching deliberately; they still get the list.)
    const plain = Object.keys(form).every((k) => k === 'q' || form[k] === '');
    if (result?.direct && result.direct.via !== 'title' && plain) return c.redirect(`/papers/${result.direct.id}`, 302);
    if (result) tagPapers(c, result.hits.map((h) => h.paper.id));
    // A stand-in answer while the index is being built: the response cache must not keep it.
    if (result?.fromStore) c.header('Cache-Control', 'no-store');
  } catch (err) {
    if (!(err instanceof ParamError)) throw err;
    error = err.message;
  }
  const html = renderSearchPage({
    query,
    form,
    result,
    error,
    publicUrl: config.publicUrl,
    csrfToken: c.get('csrfToken'),
    viewer: c.get('viewer'),
  });
  return c.html(html, error ? 400 : 200);
}

const PAGE_SIZE = 30;
/** Deep pages cost a sort of every paper of a prolific author; 100 pages is plenty to browse. */
const MAX_PAGE = 100;

/** `/authors/{name}`: an author's papers, newest first. */
async function showAuthor(c: AppContext, db: Db, config: Config, search: SearchService, rawName: string): Promise<Response> {
  const name = rawName.slice(0, 200);
  const raw = c.req.query('p') ?? '';
  const page = /^\d{1,4}$/.test(raw) ? Math.min(Number(raw), MAX_PAGE) : 0;
  const author = await search.listAuthorPapers(name, PAGE_SIZE, page * PAGE_SIZE);
  if (!author) {
    const message = `No paper in the catalog lists "${name}" as an author. Names are matched whole, as the papers spell them.`;
    return notFoundPage(c, message);
  }
  const upvote = await rowUpvotes(db, c.get('viewer'), c.get('csrfToken'), author.papers);
  return c.html(
    renderAuthorPage({ author, page, pageSize: PAGE_SIZE, upvote, publicUrl: config.publicUrl, csrfToken: c.get('csrfToken'), viewer: c.get('viewer') }),
  );
}

/** `/search` and `/authors/{name}`: pages answered from the search index. */
export function searchHandlers(deps: { db: Db; config: Config; search: SearchService }) {
  return {
    search: (c: AppContext) => showSearch(c, deps.config, deps.search),
    author: (c: AppContext) => showAuthor(c, deps.db, deps.config, deps.search, c.req.param('name')!),
  };
}
