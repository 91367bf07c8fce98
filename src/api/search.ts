// The search service as JSON: GET /api/search (modes, filters, sorts, totals, snippets),
// GET /api/papers/search (Hugging Face's shape: an array of daily_papers items) and
// GET /api/papers/{id}/similar.
import type { Context } from 'hono';
import { sendJson } from './json.ts';
import type { Db } from '../db/db.ts';
import { displayedUpvotes } from '../model.ts';
import { getLatestFeaturedDay, listFeaturedPapers } from '../store/daily.ts';
import { toDailyItem } from './hf-shape.ts';
import { categoryParam, enumParam, intParam, ParamError, type Query } from './params.ts';
import { DAY_MS, dayMs, isDay } from '../periods.ts';
import { DEFAULT_MODE, type SearchHit, type SearchMode, type SearchQuery, type SearchService, type SearchSort } from '../search/service.ts';
import type { SearchFilters } from '../search/doc-table.ts';
import { getPaperCommunityFacts } from '../store/paper-community.ts';

const MODES: readonly SearchMode[] = ['hybrid', 'keyword', 'semantic'];
const SORTS: readonly SearchSort[] = ['relevance', 'date', 'trending'];

/** A YYYY-MM-DD parameter as epoch ms at the start (or, with endOfDay, the end) of that UTC day. */
function dayParam(name: string, raw: string | undefined, endOfDay: boolean): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (!isDay(raw)) throw new ParamError(`${name} must be a date as YYYY-MM-DD, got ${JSON.stringify(raw)}`);
  return endOfDay ? dayMs(raw) + DAY_MS - 1 : dayMs(raw);
}

/**
 * The search request in a URL: q, limit, offset (or p, a 0-based page), mode, sort, from, to
 * (YYYY-MM-DD), category (repeatable or comma-separated), has_code (1/true), min_stars.
 */
export function parseSearchParams(get: Query, getAll: (name: string) => string[]): SearchQuery {
  const limit = intParam('limit', get('limit'), 20, 1, 100);
  const page = intParam('p', get('p'), 0, 0, 1000);
  const offset = intParam('offset', get('offset'), page * limit, 0, 1000);
  const categories = getAll('category').flatMap((c) => c.split(',')).map((c) => c.trim()).filter(Boolean);
  for (const c of categories) categoryParam(c);
  const hasCode = get('has_code');
  if (hasCode !== undefined && !['', '0', '1', 'true', 'false', 'on'].includes(hasCode)) throw new ParamError(`has_code must be 1 or 0, got ${JSON.stringify(hasCode)}`);
  const filters: SearchFilters = {
    from: dayParam('from', get('from'), false),
    to: dayParam('to', get('to'), true),
    categories: categories.length ? categories : undefined,
    hasCode: hasCode === '1' || hasCode === 'true' || hasCode === 'on',
    minStars: intParam('min_stars', get('min_stars'), 0, 0, 10_000_000),
  };
  return {
    q: (get('q') ?? '').slice(0, 2000),
    limit,
    offset,
    mode: enumParam('mode', get('mode'), MODES, DEFAULT_MODE),
    sort: enumParam('sort', get('sort'), SORTS, 'relevance'),
    filters,
  };
}

function hitJson(h: SearchHit) {
  return {
    id: h.id,
    title: h.title,
    score: Math.round(h.score * 1e6) / 1e6,
    snippet: h.snippet,
    authors: h.paper.authors,
    categories: h.paper.categories,
    publishedAt: h.paper.publishedAt === null ? null : new Date(h.paper.publishedAt).toISOString(),
    upvotes: displayedUpvotes(h.paper),
    githubStars: h.paper.daily?.githubStars ?? null,
    hasCode: h.paper.codeUrls.length > 0,
  };
}

/** The /api/search answer for a request read through `get`/`getAll` (a URL, or an MCP tool's arguments). */
export async function searchJson(search: SearchService, get: Query, getAll: (name: string) => string[]) {
  const query = parseSearchParams(get, getAll);
  const result = await search.search(query);
  return {
    query: query.q,
    mode: query.mode,
    sort: query.sort,
    total: result.total,
    offset: query.offset,
    limit: query.limit,
    papers: result.hits.map(hitJson),
    // What the search understood: a named paper, an id to fetch, a corrected spelling, nothing at all.
    ...(result.direct ? { direct: result.direct } : {}),
    ...(result.missingId ? { missingId: result.missingId } : {}),
    ...(result.correctedQuery ? { correctedQuery: result.correctedQuery } : {}),
    ...(result.noMatch ? { noMatch: true } : {}),
    // Answered from the store while the index is being built: titles only, newest first.
    ...(result.fromStore ? { fromStore: true } : {}),
  };
}

async function searchPapersJson(c: Context, search: SearchService): Promise<Response> {
  const body = await searchJson(search, (n) => c.req.query(n), (n) => c.req.queries(n) ?? []);
  if (body.fromStore) c.header('Cache-Control', 'no-store');
  return sendJson(c, body);
}

/** Papers similar to one, or null when there is no such paper (or it is hidden by a moderator). */
export async function similarJson(db: Db, search: SearchService, rawId: string, rawLimit: string | undefined) {
  const id = rawId.replace(/v\d+$/, '');
  const limit = intParam('limit', rawLimit, 10, 1, 50);
  // A hidden paper answers like a missing one: its neighbours would reveal what it is about.
  const facts = await getPaperCommunityFacts(db, id);
  if (!facts || facts.hiddenAt !== null) return null;
  const hits = await search.similar(id, limit);
  if (hits.length === 0 && !(await search.has(id))) return null;
  return { id, papers: hits.map(hitJson) };
}

/** GET /api/search/suggest?q=: typeahead, papers completing what has been typed (limit ≤ 20). */
async function suggestJson(c: Context, search: SearchService): Promise<Response> {
  const q = (c.req.query('q') ?? '').slice(0, 200);
  const limit = intParam('limit', c.req.query('limit'), 8, 1, 20);
  const suggestions = q.trim() ? await search.suggest(q, limit) : [];
  return sendJson(c, {
    query: q,
    suggestions: suggestions.map((h) => ({ ...h, publishedAt: h.publishedAt === null ? null : new Date(h.publishedAt).toISOString() })),
  });
}

async function similarPapersJson(c: Context, db: Db, search: SearchService, rawId: string): Promise<Response> {
  const body = await similarJson(db, search, rawId, c.req.query('limit'));
  return body ? sendJson(c, body) : sendJson(c, { error: `no paper with id ${JSON.stringify(rawId)}` }, 404);
}

/**
 * Hugging Face's `/api/papers/search?q=&limit=`: a bare JSON array of daily_papers items, best
 * match first (hybrid ranking), which is what huggingface_hub's list_papers reads. Without q,
 * the latest featured day's papers, as a listing to start from.
 */
async function searchPapersHfJson(c: Context, search: SearchService, db: Db): Promise<Response> {
  const limit = intParam('limit', c.req.query('limit'), 50, 1, 100);
  const q = (c.req.query('q') ?? '').trim().slice(0, 2000);
  if (!q) {
    const day = await getLatestFeaturedDay(db);
    const papers = day ? await listFeaturedPapers(db, { from: day, to: day, sort: 'trending', limit, offset: 0 }) : [];
    return sendJson(c, papers.map(toDailyItem));
  }
  const result = await search.search({ q, limit });
  if (result.fromStore) c.header('Cache-Control', 'no-store');
  return sendJson(c, result.hits.map((h) => toDailyItem(h.paper)));
}

/** The search API (`/api/search`, `/api/papers/search`, `/api/search/suggest`, `/api/papers/{id}/similar`). */
export function searchApiHandlers(deps: { db: Db; search: SearchService }) {
  const { db, search } = deps;
  return {
    search: (c: Context) => searchPapersJson(c, search),
    hfSearch: (c: Context) => searchPapersHfJson(c, search, db),
    suggest: (c: Context) => suggestJson(c, search),
    similar: (c: Context) => similarPapersJson(c, db, search, c.req.param('id')!),
  };
}
