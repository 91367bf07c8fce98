// Remembers the answers of the search page's recent queries: a search ranks the whole index in
// the search thread (tens of milliseconds at 60k papers, and on 2 cores that thread competes with
// the web process for CPU), while its answer changes only with the catalog. What a search page
// shows of each hit (title, authors, date, category, code badge, snippet) is catalog data: votes,
// comments and saves do not show there (a search sorted by trending, which votes reorder, is not kept).
import type { Db } from '../db/db.ts';
import type { SearchQuery, SearchResult } from '../search/service.ts';
import { createCatalogMemo } from '../daily/catalog-memo.ts';

export interface SearchMemo {
  search(query: SearchQuery): Promise<SearchResult>;
  /** Drops every kept answer (a hidden paper, a link edit: writes that change results without an import). */
  forget(): void;
}

/**
 * Answers are kept per query and catalog version (an import bumps it) and for at most maxAgeMs:
 * the search index follows the catalog a little later (it polls), so an answer computed just
 * after an import may still miss its papers. Writes that change results without changing the
 * catalog version (hiding a paper) call forget(), here and when another process announces one.
 * Stand-in answers given while the index is being built (`fromStore`) are never kept.
 */
export function memoizeSearch(db: Db, search: (query: SearchQuery) => Promise<SearchResult>, opts: { maxAgeMs: number; maxEntries?: number; now?: () => number }): SearchMemo {
  const answers = createCatalogMemo({ maxAgeMs: opts.maxAgeMs, maxKeys: opts.maxEntries ?? 500, now: opts.now });
  return {
    async search(query) {
      // Ordered by the trending score, which every vote moves: not kept.
      if (query.sort === 'trending') return search(query);
      const key = JSON.stringify([query.q, query.mode, query.sort, query.filters, query.limit, query.offset]);
      return (await answers.now(db)).get(key, () => search(query), (r) => !r.fromStore);
    },
    forget: () => answers.forget(),
  };
}
