// `/search`: parse the form, ask the search service, render. Bad filter values are shown, not thrown.
import type { AppContext } from './context.ts';
import type { Config } from '../config.ts';
import type { SearchService, SearchQuery, SearchResult } from '../search/service.ts';
import { parseSearchParams } from '../api/search.ts';
import { ParamError } from '../api/params.ts';
import { renderSearchPage } from './pages/search-page.tsx';
import { tagPapers } from './render-record.ts';

const FIELDS = ['q', 'from', 'to', 'category', 'has_code', 'min_stars', 'sort', 'mode', 'p'];

export async function showSearch(c: AppContext, config: Config, search: SearchService): Promise<Response> {
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
