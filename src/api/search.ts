// GET /api/papers/search and GET /api/papers/{id}/similar: the search service as JSON.
import type { Context } from 'hono';
import { sendJson } from './json.ts';
import { enumParam, intParam, ParamError } from './params.ts';
import type { SearchHit, SearchMode, SearchQuery, SearchService, SearchSort } from '../search/service.ts';
import type { SearchFilters } from '../search/doc-table.ts';
import type { Db } from '../db/db.ts';
import { getPaperCommunityFacts } from '../store/paper-community.ts';

const MODES: readonly SearchMode[] = ['hybrid', 'keyword', 'semantic'];
const SORTS: readonly SearchSort[] = ['relevance', 'date', 'trending'];
const CATEGORY = /^[A-Za-z-]+(\.[A-Za-z-]+)?$/;

type Query = (name: string) => string | undefined;

/** A YYYY-MM-DD parameter as epoch ms at the start (or, with endOfDay, the end) of that UTC day. */
function dayParam(name: string, raw: string | undefined, endOfDay: boolean): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
  const t = m ? Date.UTC(+m[1], +m[2] - 1, +m[3]) : NaN;
  if (!m || new Date(t).getUTCDate() !== +m[3]) throw new ParamError(`${name} must be a date as YYYY-MM-DD, got ${JSON.stringify(raw)}`);
  return endOfDay ? t + 86_400_000 - 1 : t;
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
  for (const c of categories) if (!CATEGORY.test(c)) throw new ParamError(`category must look like cs.CL, got ${JSON.stringify(c)}`);
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
    mode: enumParam('mode', get('mode'), MODES, 'hybrid'),
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
    upvotes: h.paper.daily?.upvotes ?? 0,
    githubStars: h.paper.daily?.githubStars ?? null,
    hasCode: h.paper.codeUrls.length > 0,
  };
}

export async function searchPapersJson(c: Context, search: SearchService): Promise<Response> {
  const query = parseSearchParams((n) => c.req.query(n), (n) => c.req.queries(n) ?? []);
  const result = await search.search(query);
  return sendJson(c, {
    query: query.q,
    mode: query.mode,
    sort: query.sort,
    total: result.total,
    offset: query.offset,
    limit: query.limit,
    papers: result.hits.map(hitJson),
  });
}

export async function similarPapersJson(c: Context, db: Db, search: SearchService, rawId: string): Promise<Response> {
  const id = rawId.replace(/v\d+$/, '');
  const limit = intParam('limit', c.req.query('limit'), 10, 1, 50);
  // A hidden paper answers like a missing one: its neighbours would reveal what it is about.
  const facts = await getPaperCommunityFacts(db, id);
  if (!facts || facts.hiddenAt !== null) return sendJson(c, { error: `no paper with id ${JSON.stringify(rawId)}` }, 404);
  const hits = await search.similar(id, limit);
  if (hits.length === 0 && !(await search.has(id))) return sendJson(c, { error: `no paper with id ${JSON.stringify(rawId)}` }, 404);
  return sendJson(c, { id, papers: hits.map(hitJson) });
}
