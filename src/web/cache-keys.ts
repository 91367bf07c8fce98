// The response cache's key for a URL: its path and only the query parameters its route reads, so
// `?junk=N` cannot create new entries (each would cost a render and memory), and the same answer
// asked with parameters in another order or spelling is one entry.

/** Cacheable paths and the query parameters each one's handler reads; any other path is not cached. */
const ROUTES: { path: RegExp; params: readonly string[] }[] = [
  { path: /^\/$/, params: ['window', 'p'] },
  { path: /^\/papers(\/(date|week|month)\/[^/]+)?$/, params: ['sort', 'p'] },
  // A paper page (or its .md export): no parameters.
  { path: /^\/papers\/.+$/, params: [] },
  { path: /^\/about$/, params: [] },
  { path: /^\/search$/, params: ['q', 'from', 'to', 'category', 'has_code', 'min_stars', 'sort', 'mode', 'p'] },
  { path: /^\/api\/daily_papers$/, params: ['date', 'week', 'month', 'sort', 'p', 'limit', 'submitter'] },
  { path: /^\/api\/openapi\.json$/, params: [] },
  { path: /^\/api\/papers\/trending$/, params: ['window', 'limit', 'at', 'category'] },
  { path: /^\/api\/search$/, params: ['q', 'from', 'to', 'category', 'has_code', 'min_stars', 'sort', 'mode', 'p', 'limit', 'offset'] },
  { path: /^\/api\/papers\/search$/, params: ['q', 'from', 'to', 'category', 'has_code', 'min_stars', 'sort', 'mode', 'p', 'limit', 'offset'] },
  { path: /^\/api\/papers\/.+\/similar$/, params: ['limit'] },
  { path: /^\/api\/papers\/[^?]+$/, params: [] },
  { path: /^\/feeds\/search\.[a-z]+$/, params: ['q'] },
  { path: /^\/feeds\/.+$/, params: [] },
];

/**
 * `path?a=1&b=2` with only the parameters the route reads, in a fixed order (values of a repeated
 * parameter keep theirs: `category` may be given several times); null when the path is not cached.
 */
export function cacheKey(path: string, search: URLSearchParams): string | null {
  const route = ROUTES.find((r) => r.path.test(path));
  if (!route) return null;
  let key = path;
  let sep = '?';
  for (const name of route.params) {
    for (const value of search.getAll(name)) {
      key += `${sep}${name}=${encodeURIComponent(value)}`;
      sep = '&';
    }
  }
  return key;
}
