// The search service the web, API and CLI use: keyword, semantic and hybrid search over the store.
import type { Db } from '../db/db.ts';
import type { Paper } from '../model.ts';
import { countPapers, getPapersByIds, listPapersAfter } from '../store/papers.ts';
import { listPaperChangesSince, loadSearchModel, saveSearchModel } from '../store/search.ts';
import { listStoredTrendingScores } from '../store/trending.ts';
import { hasFilters, makeFilter, type SearchFilters } from './doc-table.ts';
import { DEFAULT_BM25, type Bm25Params, type ScoredDoc } from './keyword-index.ts';
import { DEFAULT_VECTOR_OPTIONS } from './vector-index.ts';
import { IndexState, type IndexOptions } from './index-state.ts';
import { LsaEmbedder, type LsaOptions } from './lsa.ts';
import { deserializeLsaModel, serializeLsaModel, type Embedder } from './embedder.ts';
import { fuseScores } from './fusion.ts';
import { rankDocuments } from './rank.ts';
import { highlightStems, isEmptyQuery, parseQuery, type ParsedQuery } from './query-parser.ts';
import { containsPhrase, makeSnippet } from './snippet.ts';

import type { SearchMode } from './rank.ts';
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
  ivfThreshold?: number;
}

export interface SearchService {
  search(query: SearchQuery): Promise<SearchResult>;
  /** Ranked ids and scores only, without reading papers (evaluation and benchmarks). */
  rank(q: string, mode: SearchMode, k: number, filters?: SearchFilters): Promise<{ id: string; score: number }[]>;
  similar(id: string, limit: number): Promise<SearchHit[]>;
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

/** Tuned on the odd-numbered SciFact test queries (the even half held out): see `paperboy eval`. */
export const DEFAULT_HYBRID_WEIGHT = 0.25;
export const SEARCH_BM25: Bm25Params = { ...DEFAULT_BM25, k1: 1.2, b: 0.75, titleWeight: 2 };
const MODEL_NAME = 'lsa';
const PAGE = 2000;
/** Re-read this much of the change feed behind the high-water mark: transactions commit out of order. */
const FEED_SLACK_MS = 30_000;
const MAX_WINDOW = 1000;

export function createSearchService(db: Db, opts: SearchServiceOptions = {}): SearchService {
  const options: IndexOptions = {
    bm25: opts.bm25 ?? SEARCH_BM25,
    vectors: { ...DEFAULT_VECTOR_OPTIONS, ...(opts.ivfThreshold !== undefined ? { ivfThreshold: opts.ivfThreshold } : {}) },
    lsa: opts.lsa ?? {},
  };
  const weight = opts.hybridWeight ?? DEFAULT_HYBRID_WEIGHT;
  const external = opts.embedder ?? null;
  const refreshMs = opts.refreshMs ?? 2000;
  let state: IndexState | null = null;
  let loading: Promise<IndexState> | null = null;
  let feed = { since: 0, afterId: '' };
  let lastPoll = 0;

  async function current(): Promise<IndexState> {
    if (state) return state;
    loading ??= build(false).then((r) => r.state);
    return loading;
  }

  async function build(retrain: boolean): Promise<{ state: IndexState; trained: boolean; papers: number }> {
    const next = new IndexState(options, external);
    const startedAt = Date.now();
    let after = '';
    let papers = 0;
    for (;;) {
      const page = await listPapersAfter(db, after, PAGE);
      if (page.length === 0) break;
      await next.add(page);
      papers += page.length;
      after = page[page.length - 1].id;
    }
    next.commit();
    let trained = false;
    if (!external) {
      const stored = retrain ? null : await loadSearchModel(db, MODEL_NAME);
      const model = stored ? deserializeLsaModel(stored) : null;
      // A model learned on under half of today's corpus misses its newer vocabulary: relearn it.
      if (model && model.trainedDocs * 2 >= papers && model.model.vocab.length > 0) {
        next.useLsa(new LsaEmbedder(model.model));
      } else if (papers > 0) {
        const lsa = next.trainLsa();
        next.useLsa(lsa);
        await saveSearchModel(db, MODEL_NAME, serializeLsaModel(lsa.model, papers));
        trained = true;
      }
    }
    state = next;
    loading = null;
    feed = { since: startedAt - FEED_SLACK_MS, afterId: '' };
    return { state: next, trained, papers };
  }

  async function indexPapers(ids: readonly string[]): Promise<number> {
    const s = await current();
    let n = 0;
    for (let i = 0; i < ids.length; i += PAGE) {
      const papers = await getPapersByIds(db, ids.slice(i, i + PAGE));
      await s.add(papers);
      n += papers.length;
    }
    s.commit();
    return n;
  }

  async function refresh(): Promise<number> {
    const s = await current();
    let n = 0;
    let cursor = feed;
    for (;;) {
      const changes = await listPaperChangesSince(db, cursor.since, cursor.afterId, PAGE);
      if (changes.length === 0) break;
      const stale = changes.filter((c) => {
        const doc = s.table.byId.get(c.id);
        return doc === undefined || s.table.modifiedAt.data[doc] !== c.modified_at;
      });
      if (stale.length) n += await indexPapers(stale.map((c) => c.id));
      const last = changes[changes.length - 1];
      cursor = { since: last.modified_at, afterId: last.id };
      if (changes.length < PAGE) break;
    }
    // Look again at the last FEED_SLACK_MS next time: an import transaction stamps modified_at
    // before it commits, so rows older than the cursor can still appear. Current ones are skipped.
    const floor = Date.now() - FEED_SLACK_MS;
    feed = cursor.since > floor ? { since: floor, afterId: '' } : cursor;
    return n;
  }

  async function maybeRefresh(): Promise<void> {
    if (refreshMs < 0) return;
    const now = Date.now();
    if (now - lastPoll < refreshMs) return;
    lastPoll = now;
    await refresh();
  }

  const rankDocs = (s: IndexState, text: string, parsed: ParsedQuery, mode: SearchMode, k: number, filters?: SearchFilters) =>
    rankDocuments(s, { text, parsed, mode, k, weight, filters });

  async function browse(s: IndexState, filters: SearchFilters | undefined, sort: SearchSort, k: number): Promise<{ docs: ScoredDoc[]; total: number }> {
    const accept = makeFilter(s.table, filters);
    const docs: ScoredDoc[] = [];
    for (let d = 0; d < s.table.size; d++) if (accept(d)) docs.push({ doc: d, score: 0 });
    const sorted = await sortBy(s, docs, sort);
    return { docs: sorted.slice(0, k), total: docs.length };
  }

  async function search(query: SearchQuery): Promise<SearchResult> {
    await maybeRefresh();
    const s = await current();
    const limit = Math.max(1, Math.min(query.limit ?? 20, 100));
    const offset = Math.max(0, Math.min(query.offset ?? 0, MAX_WINDOW));
    const mode = query.mode ?? 'hybrid';
    const sort = query.sort ?? 'relevance';
    const parsed = parseQuery(query.q ?? '');
    const need = offset + limit;
    let ranked: ScoredDoc[];
    let total: number;
    if (isEmptyQuery(parsed)) {
      if (!hasFilters(query.filters) && sort === 'relevance') return { hits: [], total: 0 };
      const b = await browse(s, query.filters, sort === 'relevance' ? 'date' : sort, need);
      ranked = b.docs;
      total = b.total;
    } else {
      const window = sort === 'relevance' ? need : MAX_WINDOW;
      const phrases = parsed.phrases.length > 0;
      ranked = await rankDocs(s, query.q, parsed, mode, phrases ? Math.min(MAX_WINDOW, window * 4 + 100) : window, query.filters);
      if (phrases) ranked = await keepPhraseMatches(s, ranked, parsed.phrases, window);
      total = mode === 'semantic' || phrases ? ranked.length : Math.max(ranked.length, s.keyword.countMatches(parsed, makeFilter(s.table, query.filters), 100_000));
      if (sort !== 'relevance') ranked = await sortBy(s, ranked, sort);
    }
    const page = ranked.slice(offset, need);
    return { hits: await toHits(s, page, parsed), total };
  }

  async function keepPhraseMatches(s: IndexState, ranked: ScoredDoc[], phrases: string[][], k: number): Promise<ScoredDoc[]> {
    const papers = await getPapersByIds(db, ranked.map((h) => s.table.ids[h.doc]), { visibleOnly: true });
    const ok = new Set(papers.filter((p) => phrases.every((ph) => containsPhrase(p.title, ph) || containsPhrase(p.abstract, ph))).map((p) => p.id));
    return ranked.filter((h) => ok.has(s.table.ids[h.doc])).slice(0, k);
  }

  /**
   * Date or trending order. Trending is the stored week score of the trending feature (it changes
   * with every vote and star refresh, so it is read from the store, not frozen into the index);
   * papers without one follow, by Hugging Face upvotes.
   */
  async function sortBy(s: IndexState, ranked: ScoredDoc[], sort: SearchSort): Promise<ScoredDoc[]> {
    const tie = (a: ScoredDoc, b: ScoredDoc) => b.score - a.score || b.doc - a.doc;
    if (sort === 'trending') {
      const scores = await listStoredTrendingScores(db, 'week');
      const upvotes = s.table.trending.data;
      const key = (d: number) => scores.get(s.table.ids[d]!) ?? -Infinity;
      return [...ranked].sort((a, b) => key(b.doc) - key(a.doc) || upvotes[b.doc]! - upvotes[a.doc]! || tie(a, b));
    }
    const dates = s.table.publishedAt.data;
    const k = (d: number) => (Number.isNaN(dates[d]!) ? -Infinity : dates[d]!);
    return [...ranked].sort((a, b) => k(b.doc) - k(a.doc) || tie(a, b));
  }

  async function toHits(s: IndexState, page: ScoredDoc[], parsed: ParsedQuery): Promise<SearchHit[]> {
    const papers = new Map((await getPapersByIds(db, page.map((h) => s.table.ids[h.doc]), { visibleOnly: true })).map((p) => [p.id, p]));
    const stems = highlightStems(parsed);
    return page.flatMap((h) => {
      const paper = papers.get(s.table.ids[h.doc]);
      if (!paper) return [];
      return [{ id: paper.id, score: h.score, title: paper.title, snippet: makeSnippet(paper.abstract, stems), paper }];
    });
  }

  return {
    search,
    async rank(q, mode, k, filters) {
      const s = await current();
      const ranked = await rankDocs(s, q, parseQuery(q), mode, k, filters);
      return ranked.map((h) => ({ id: s.table.ids[h.doc], score: h.score }));
    },
    async similar(id, limit) {
      await maybeRefresh();
      const s = await current();
      const doc = s.table.byId.get(id);
      if (doc === undefined) return [];
      const [paper] = await getPapersByIds(db, [id]);
      const notSelf = makeFilter(s.table);
      const accept = (d: number) => d !== doc && notSelf(d);
      const parsed = parseQuery(paper?.title ?? '');
      const keyword = s.keyword.search(parsed, 100, accept);
      const qv = s.vectors?.get(doc) ?? null;
      const ranked = qv
        ? fuseScores(keyword, s.vectors!.search(qv, 100, accept), 0.5, (d) => s.vectors!.score(qv, d))
        : keyword;
      return toHits(s, ranked.slice(0, Math.max(1, Math.min(limit, 100))), parsed);
    },
    async has(id) {
      return (await current()).table.byId.has(id);
    },
    indexPapers,
    async rebuild(o = {}) {
      const t0 = performance.now();
      loading = null;
      const r = await build(!!o.retrain);
      return { papers: r.papers, ms: performance.now() - t0, trained: r.trained };
    },
    refresh,
    async index() {
      await maybeRefresh();
      return current();
    },
    stats() {
      const s = state;
      return {
        papers: s?.table.aliveCount ?? 0,
        terms: s?.keyword.termNames.length ?? 0,
        vectors: s?.vectors?.size ?? 0,
        ivfLists: s?.vectors?.listCount ?? 0,
      };
    },
  };
}

export { countPapers };
