// The search service's vocabulary: queries, hits, results and the service interface (service.ts
// builds one; the web, API, MCP, CLI, digests and For you use it).
import type { Paper } from '../model.ts';
import type { SearchFilters } from './doc-table.ts';
import type { Bm25Params } from './keyword-index.ts';
import type { IndexState } from './index-state.ts';
import type { LsaOptions } from './lsa.ts';
import type { Embedder } from './embedder.ts';
import type { Fuser, SearchMode } from './rank.ts';

export type { SearchMode };
export type SearchSort = 'relevance' | 'date' | 'trending';

export interface SearchQuery {
  q: string;
  mode?: SearchMode;
  limit?: number;
  offset?: number;
  filters?: SearchFilters;
  sort?: SearchSort;
}

export interface SearchHit {
  id: string;
  score: number;
  title: string;
  /** HTML: escaped abstract excerpt with query words in <mark>. */
  snippet: string;
  paper: Paper;
}

export interface SearchResult {
  hits: SearchHit[];
  /** Matching papers (keyword matches; for semantic-only, how many could be ranked, at most 1,000). */
  total: number;
  /** The query named this paper (its arXiv id, a URL of it, its DOI, its exact title): it is the first hit. */
  direct?: { id: string; via: 'id' | 'url' | 'doi' | 'title' };
  /** The query is an arXiv id (or URL) of a paper not in the catalog: offer to fetch it. */
  missingId?: string;
  /** Unknown words were read as the index's closest ones: the query as it was searched. */
  correctedQuery?: string;
  /** No query word is known and nothing is close in meaning: no papers match. */
  noMatch?: boolean;
  /**
   * The index was still being built: papers whose titles hold every query word, newest first, from
   * the store (store-fallback.ts). Not to be cached.
   */
  fromStore?: boolean;
}

/** A page of one author's papers, newest first. */
export interface AuthorPapers {
  /** The name as the newest paper spells it. */
  name: string;
  papers: Paper[];
  total: number;
}

/** Typeahead: papers whose title or abstract words complete what has been typed. */
export interface Suggestion {
  id: string;
  title: string;
  /** The first three authors, as the suggestion list shows them. */
  authors: string[];
  /** Epoch ms, or null when unknown. */
  publishedAt: number | null;
}

export interface SearchServiceOptions {
  bm25?: Bm25Params;
  /** Weight of the semantic side in hybrid fusion (0..1). */
  hybridWeight?: number;
  lsa?: Partial<LsaOptions>;
  /** An ONNX or HTTP embedder; the built-in LSA when absent. */
  embedder?: Embedder | null;
  /** Minimum ms between two polls of the store's change feed from search(); 0 polls every time, <0 never. */
  refreshMs?: number;
  /** Searches start the poll and do not wait for it (after the first build). */
  refreshInBackground?: boolean;
  ivfThreshold?: number;
  /** Overrides the weighted normalised-score fusion (evaluation compares rules with it). */
  fuse?: Fuser;
}

export interface SearchService {
  search(query: SearchQuery): Promise<SearchResult>;
  /** Ranked ids and scores only, without reading papers (evaluation and benchmarks). */
  rank(q: string, mode: SearchMode, k: number, filters?: SearchFilters, tune?: { fuse?: Fuser; depth?: number }): Promise<{ id: string; score: number }[]>;
  /**
   * `waitMs`: how long a caller that can do without the answer waits for it once the index is
   * ready (a search thread's side-dish wait when absent; an in-process search answers when done).
   */
  similar(id: string, limit: number, waitMs?: number): Promise<SearchHit[]>;
  /** One author's papers (by exact folded name), newest first; null when no paper has that author. */
  listAuthorPapers(name: string, limit: number, offset: number): Promise<AuthorPapers | null>;
  /** Typeahead completions of a partly typed query, best first. */
  suggest(q: string, limit?: number): Promise<Suggestion[]>;
  /** Is this paper in the index? */
  has(id: string): Promise<boolean>;
  /** Indexes these papers now (importers call it after upsertPapers with result.changedIds). */
  indexPapers(ids: readonly string[]): Promise<number>;
  /** Reads every paper from the store into fresh indexes; retrains the built-in embedder if asked or stale. */
  rebuild(options?: { retrain?: boolean }): Promise<{ papers: number; ms: number; trained: boolean }>;
  /** Indexes whatever changed in the store since the last look (other processes' imports). */
  refresh(): Promise<number>;
  stats(): { papers: number; terms: number; vectors: number; ivfLists: number };
  /**
   * The current index generation, after a poll of the change feed: its doc table (ids, dates,
   * categories) and per-paper vectors, for the personal feed (src/foryou). Read, never modified.
   */
  index(): Promise<IndexState>;
}
