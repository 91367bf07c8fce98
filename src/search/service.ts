// The search service the web, API and CLI use: keyword, semantic and hybrid search over the store.
import type { Db } from '../db/db.ts';
import { countPapers, getPapersByIds } from '../store/papers.ts';
import { hasFilters, makeFilter } from './doc-table.ts';
import { DEFAULT_BM25, type Bm25Params, type ScoredDoc } from './keyword-index.ts';
import { DEFAULT_VECTOR_OPTIONS } from './vector-index.ts';
import type { IndexOptions, IndexState } from './index-state.ts';
import { fuseScores } from './fusion.ts';
import { rankDocuments, type SearchMode } from './rank.ts';
import { isEmptyQuery, parseQuery, type ParsedQuery } from './query-parser.ts';
import { lookupDirect, type DirectLookup } from './direct-hit.ts';
import { authorKey } from './author-index.ts';
import { suggestDocs } from './suggest.ts';
import { createLiveIndex } from './live-index.ts';
import { authorRestriction, leadingDocs, verifiedAuthorDocs } from './author-docs.ts';
import { correctSpelling, knowsAnyTerm, nonsenseFloor } from './query-words.ts';
import { browse, combine, keepPhraseMatches, sortBy, toHits } from './result-order.ts';
import type { SearchFilters } from './doc-table.ts';
import type { SearchHit, SearchQuery, SearchResult, SearchService, SearchServiceOptions, SearchSort, Suggestion } from './search-types.ts';
import type { Paper } from '../model.ts';

export type { AuthorPapers, SearchHit, SearchMode, SearchQuery, SearchResult, SearchService, SearchServiceOptions, SearchSort, Suggestion } from './search-types.ts';

/**
 * The index is still being built (right after a start) and did not become ready within the bounded
 * wait: the caller answers "try again shortly" instead of holding the request.
 */
export class SearchNotReadyError extends Error {
  constructor(readonly indexedSoFar: number) {
    super('the search index is still being built; try again in a few seconds');
  }
}

/**
 * The mode a search uses when none is asked for. Keyword: cross-validated over SciFact and
 * NFCorpus (`paperboy eval … --cv`), no fusion rule held up on every SciFact fold (each gains on
 * every NFCorpus fold), and a default must not lose to keyword on queries it was not tuned on.
 */
export const DEFAULT_MODE: SearchMode = 'keyword';
/** Semantic weight of `mode=hybrid`: best mean nDCG@10 over both sets' queries (min-max fusion). */
export const DEFAULT_HYBRID_WEIGHT = 0.4;
export const SEARCH_BM25: Bm25Params = { ...DEFAULT_BM25, k1: 1.2, b: 0.75, titleWeight: 2 };
const MAX_WINDOW = 1000;

export function createSearchService(db: Db, opts: SearchServiceOptions = {}): SearchService {
  const options: IndexOptions = {
    bm25: opts.bm25 ?? SEARCH_BM25,
    vectors: { ...DEFAULT_VECTOR_OPTIONS, ...(opts.ivfThreshold !== undefined ? { ivfThreshold: opts.ivfThreshold } : {}) },
    lsa: opts.lsa ?? {},
  };
  const weight = opts.hybridWeight ?? DEFAULT_HYBRID_WEIGHT;
  const live = createLiveIndex(db, options, opts.embedder ?? null, opts);
  const { current, maybeRefresh } = live;

  const rankDocs = (s: IndexState, text: string, parsed: ParsedQuery, mode: SearchMode, k: number, filters?: SearchFilters, restrict?: (d: number) => boolean) =>
    rankDocuments(s, { text, parsed, mode, k, weight, filters, restrict, fuse: opts.fuse });

  async function search(query: SearchQuery): Promise<SearchResult> {
    await maybeRefresh();
    const s = await current();
    const limit = Math.max(1, Math.min(query.limit ?? 20, 100));
    const offset = Math.max(0, Math.min(query.offset ?? 0, MAX_WINDOW));
    const mode = query.mode ?? DEFAULT_MODE;
    const sort = query.sort ?? 'relevance';
    const text = query.q ?? '';
    const ref = lookupDirect(s, text);
    if (ref) return directHit(s, ref, parseQuery(text));
    let parsed = parseQuery(text);
    const need = offset + limit;
    let ranked: ScoredDoc[];
    let total: number;
    let correctedQuery: string | undefined;
    let first: { doc: number; via: 'title' } | null = null;
    const restrict = await authorRestriction(db, s, parsed.authors);
    if (isEmptyQuery(parsed)) {
      if (!hasFilters(query.filters) && sort === 'relevance') return { hits: [], total: 0 };
    } else if (parsed.should.length + parsed.must.length + parsed.prefixes.length + parsed.phrases.length > 0) {
      const fixed = correctSpelling(s, text, parsed);
      if (fixed) {
        parsed = fixed.parsed;
        correctedQuery = fixed.text;
      }
    }
    const hasTerms = parsed.should.length + parsed.must.length + parsed.prefixes.length + parsed.phrases.length > 0;
    if (!hasTerms) {
      const b = await browse(db, s, query.filters, sort === 'relevance' ? 'date' : sort, need, restrict);
      ranked = b.docs;
      total = b.total;
    } else {
      const known = knowsAnyTerm(s, parsed);
      const window = sort === 'relevance' ? need : MAX_WINDOW;
      const phrases = parsed.phrases.length > 0;
      ranked = await rankDocs(s, text, parsed, known ? mode : 'semantic', phrases ? Math.min(MAX_WINDOW, window * 4 + 100) : window, query.filters, restrict ?? undefined);
      if (!known) {
        // Nothing the keyword side knows: only what the meaning side is sure of, usually nothing.
        const floor = mode === 'keyword' ? Infinity : await nonsenseFloor(s);
        ranked = ranked.filter((h) => h.score > floor);
        if (ranked.length === 0) return { hits: [], total: 0, noMatch: true, ...(correctedQuery ? { correctedQuery } : {}) };
      }
      if (phrases) ranked = await keepPhraseMatches(db, s, ranked, parsed.phrases, window);
      total = mode === 'semantic' || !known || phrases ? ranked.length : Math.max(ranked.length, s.keyword.countMatches(parsed, combine(makeFilter(s.table, query.filters), restrict), 100_000));
      if (sort !== 'relevance') ranked = await sortBy(db, s, ranked, sort);
      else if (!restrict && offset === 0) {
        // Exact title or author name first: what a researcher pasting either expects.
        const lead = await leadingDocs(db, s, text, parsed, query.filters);
        if (lead.title !== null) first = { doc: lead.title, via: 'title' };
        if (lead.docs.length) {
          const set = new Set(lead.docs);
          const top = ranked[0]?.score ?? 1;
          ranked = [...lead.docs.map((doc, i) => ({ doc, score: top + 1 - i / 1000 })), ...ranked.filter((h) => !set.has(h.doc))];
          total = Math.max(total, ranked.length);
        }
      }
    }
    const page = ranked.slice(offset, need);
    const result: SearchResult = { hits: await toHits(db, s, page, parsed), total };
    if (first && result.hits[0]?.id === s.table.ids[first.doc]) result.direct = { id: result.hits[0].id, via: 'title' };
    if (correctedQuery) result.correctedQuery = correctedQuery;
    return result;
  }

  /** An id, URL or DOI query: that paper alone, or an offer to fetch an arXiv id we lack. */
  async function directHit(s: IndexState, ref: DirectLookup, parsed: ParsedQuery): Promise<SearchResult> {
    if (ref.kind === 'missing') return { hits: [], total: 0, missingId: ref.id };
    if (ref.kind === 'unknown') return { hits: [], total: 0, noMatch: true };
    const hits = await toHits(db, s, [{ doc: ref.doc, score: 1 }], parsed);
    if (hits.length === 0) return { hits: [], total: 0, noMatch: true };
    return { hits, total: 1, direct: { id: hits[0].id, via: ref.via } };
  }

  return {
    search,
    async rank(q, mode, k, filters, tune) {
      const s = await current();
      const ranked = tune ? await rankDocuments(s, { text: q, parsed: parseQuery(q), mode, k, weight, filters, ...tune }) : await rankDocs(s, q, parseQuery(q), mode, k, filters);
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
      return toHits(db, s, ranked.slice(0, Math.max(1, Math.min(limit, 100))), parsed);
    },
    async listAuthorPapers(name, limit, offset) {
      await maybeRefresh();
      const s = await current();
      const key = authorKey(name);
      if (!key || !s.authors.has(key)) return null;
      const docs = await verifiedAuthorDocs(db, s, key);
      if (docs.length === 0) return null;
      const sorted = await sortBy(db, s, docs.map((doc) => ({ doc, score: 0 })), 'date');
      const page = sorted.slice(offset, offset + limit).map((h) => s.table.ids[h.doc]);
      const byId = new Map((await getPapersByIds(db, page, { visibleOnly: true })).map((p) => [p.id, p]));
      const papers = page.flatMap((id) => byId.get(id) ?? []);
      const newest = byId.get(s.table.ids[sorted[0].doc]) ?? papers[0];
      const spelled = newest?.authors.find((a) => authorKey(a) === key) ?? name.trim();
      return { name: spelled, papers, total: docs.length };
    },
    async suggest(q, limit = 8) {
      await maybeRefresh();
      const s = await current();
      const text = String(q ?? '').slice(0, 200);
      if (lookupDirect(s, text)) {
        const r = await search({ q: text, limit: 1 });
        return r.hits.map((h) => suggestion(h.paper));
      }
      const ranked = suggestDocs(s, text, Math.max(1, Math.min(limit, 20)));
      const papers = new Map((await getPapersByIds(db, ranked.map((h) => s.table.ids[h.doc]), { visibleOnly: true })).map((p) => [p.id, p]));
      return ranked.flatMap((h) => {
        const p = papers.get(s.table.ids[h.doc]);
        return p ? [suggestion(p)] : [];
      });
    },
    async has(id) {
      return (await current()).table.byId.has(id);
    },
    indexPapers: live.indexPapers,
    async rebuild(o = {}) {
      const t0 = performance.now();
      const r = await live.rebuild(!!o.retrain);
      return { papers: r.papers, ms: performance.now() - t0, trained: r.trained };
    },
    refresh: live.refresh,
    async index() {
      await maybeRefresh();
      return current();
    },
    stats() {
      const s = live.built();
      return {
        papers: s?.table.aliveCount ?? 0,
        terms: s?.keyword.termNames.length ?? 0,
        vectors: s?.vectors?.size ?? 0,
        ivfLists: s?.vectors?.listCount ?? 0,
      };
    },
  };
}

const suggestion = (p: Paper): Suggestion => ({ id: p.id, title: p.title, authors: p.authors.slice(0, 3), publishedAt: p.publishedAt });

export { countPapers };
