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
import { lookupDirect, titleCandidate, type DirectLookup } from './direct-hit.ts';
import { authorKey } from './author-index.ts';
import { closestTerm, respell } from './spelling.ts';
import { CHUNK, STOP_WORDS, chunkTerms, stemWord } from './tokenize.ts';
import { suggestDocs } from './suggest.ts';
import type { Fuser } from './rank.ts';

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
  similar(id: string, limit: number): Promise<SearchHit[]>;
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
/**
 * Strings of random letters, embedded to calibrate "close in meaning": when no query word is known
 * to the keyword index, a semantic hit must beat the best cosine any of these reaches in this
 * corpus with this model. (The built-in LSA gives them, and any unknown word, a zero vector: the
 * floor is 0 and such queries find nothing. An external model always finds something.)
 */
const NONSENSE_PROBES = ['zqxv kwpt yvbm', 'fjqh xzwk plvq', 'qqzr vxmk jwtf', 'bxzq ykvw gqjp', 'wvxq zmkj hqfz', 'kzqp vjxw tqyb'];
export const SEARCH_BM25: Bm25Params = { ...DEFAULT_BM25, k1: 1.2, b: 0.75, titleWeight: 2 };
const MODEL_NAME = 'lsa';
const PAGE = 2000;
/** Re-read this much of the change feed behind the high-water mark: transactions commit out of order. */
const FEED_SLACK_MS = 30_000;
const MAX_WINDOW = 1000;
/** Papers indexed between two chances for other work to run. */
const SLICE = 250;

/**
 * Lets queued events run between slices of index work (a SQLite read resolves without ever leaving
 * the turn): in the search thread, searches asked meanwhile are answered between pages.
 */
const yieldTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export function createSearchService(db: Db, opts: SearchServiceOptions = {}): SearchService {
  const options: IndexOptions = {
    bm25: opts.bm25 ?? SEARCH_BM25,
    vectors: { ...DEFAULT_VECTOR_OPTIONS, ...(opts.ivfThreshold !== undefined ? { ivfThreshold: opts.ivfThreshold } : {}) },
    lsa: opts.lsa ?? {},
  };
  const weight = opts.hybridWeight ?? DEFAULT_HYBRID_WEIGHT;
  const floors = new WeakMap<IndexState, number>();
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
      await yieldTurn();
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
    const n = await addPapers(s, ids);
    s.commit();
    return n;
  }

  /** Adds papers in slices, letting other work run between them; searchable after the next commit. */
  async function addPapers(s: IndexState, ids: readonly string[]): Promise<number> {
    let n = 0;
    for (let i = 0; i < ids.length; i += PAGE) {
      const papers = await getPapersByIds(db, ids.slice(i, i + PAGE));
      // Slices of a few hundred papers (tens of ms): a search asked meanwhile waits for one slice.
      for (let j = 0; j < papers.length; j += SLICE) {
        await s.add(papers.slice(j, j + SLICE));
        await yieldTurn();
      }
      n += papers.length;
    }
    return n;
  }

  /** One refresh at a time: callers that arrive meanwhile share the one in progress. */
  let refreshing: Promise<number> | null = null;
  function refresh(): Promise<number> {
    refreshing ??= refreshOnce().finally(() => (refreshing = null));
    return refreshing;
  }

  async function refreshOnce(): Promise<number> {
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
      // One commit for the whole refresh: a commit rewrites every posting list, so committing per
      // page would cost the size of the index once per 2,000 imported papers.
      if (stale.length) n += await addPapers(s, stale.map((c) => c.id));
      const last = changes[changes.length - 1];
      cursor = { since: last.modified_at, afterId: last.id };
      if (changes.length < PAGE) break;
    }
    if (n > 0) s.commit();
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
    // In the background (the search thread): a search is answered from the index as it stands
    // rather than wait while a large import is being indexed.
    if (opts.refreshInBackground && state) {
      void refresh().catch(() => {});
      return;
    }
    await refresh();
  }

  const rankDocs = (s: IndexState, text: string, parsed: ParsedQuery, mode: SearchMode, k: number, filters?: SearchFilters, restrict?: (d: number) => boolean) =>
    rankDocuments(s, { text, parsed, mode, k, weight, filters, restrict, fuse: opts.fuse });

  async function browse(s: IndexState, filters: SearchFilters | undefined, sort: SearchSort, k: number, restrict?: ((d: number) => boolean) | null): Promise<{ docs: ScoredDoc[]; total: number }> {
    const accept = combine(makeFilter(s.table, filters), restrict ?? null);
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
    const restrict = await authorRestriction(s, parsed.authors);
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
      const b = await browse(s, query.filters, sort === 'relevance' ? 'date' : sort, need, restrict);
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
      if (phrases) ranked = await keepPhraseMatches(s, ranked, parsed.phrases, window);
      total = mode === 'semantic' || !known || phrases ? ranked.length : Math.max(ranked.length, s.keyword.countMatches(parsed, combine(makeFilter(s.table, query.filters), restrict), 100_000));
      if (sort !== 'relevance') ranked = await sortBy(s, ranked, sort);
      else if (!restrict && offset === 0) {
        // Exact title or author name first: what a researcher pasting either expects.
        const lead = await leadingDocs(s, text, parsed, query.filters);
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
    const result: SearchResult = { hits: await toHits(s, page, parsed), total };
    if (first && result.hits[0]?.id === s.table.ids[first.doc]) result.direct = { id: result.hits[0].id, via: 'title' };
    if (correctedQuery) result.correctedQuery = correctedQuery;
    return result;
  }

  /** The best cosine random letters reach in this index generation (see NONSENSE_PROBES). */
  async function nonsenseFloor(s: IndexState): Promise<number> {
    let floor = floors.get(s);
    if (floor !== undefined) return floor;
    floor = 0;
    const alive = makeFilter(s.table);
    for (const probe of NONSENSE_PROBES) {
      const qv = await s.embedQuery(probe);
      const top = qv && s.vectors ? s.vectors.search(qv, 1, alive)[0] : undefined;
      if (top && top.score > floor) floor = top.score;
    }
    floors.set(s, floor);
    return floor;
  }

  /** An id, URL or DOI query: that paper alone, or an offer to fetch an arXiv id we lack. */
  async function directHit(s: IndexState, ref: DirectLookup, parsed: ParsedQuery): Promise<SearchResult> {
    if (ref.kind === 'missing') return { hits: [], total: 0, missingId: ref.id };
    if (ref.kind === 'unknown') return { hits: [], total: 0, noMatch: true };
    const hits = await toHits(s, [{ doc: ref.doc, score: 1 }], parsed);
    if (hits.length === 0) return { hits: [], total: 0, noMatch: true };
    return { hits, total: 1, direct: { id: hits[0].id, via: ref.via } };
  }

  /** A plain query that is a paper's exact title, or an author's full name: those papers, to go first. */
  async function leadingDocs(s: IndexState, text: string, parsed: ParsedQuery, filters?: SearchFilters): Promise<{ title: number | null; docs: number[] }> {
    if (parsed.must.length || parsed.mustNot.length || parsed.prefixes.length) return { title: null, docs: [] };
    const key = authorKey(text);
    if (!key) return { title: null, docs: [] };
    const accept = makeFilter(s.table, filters);
    const docs: number[] = [];
    let title: number | null = null;
    const t = titleCandidate(s, text);
    if (t && accept(t.doc)) {
      const [p] = await getPapersByIds(db, [s.table.ids[t.doc]], { visibleOnly: true });
      if (p && authorKey(p.title) === key) {
        title = t.doc;
        docs.push(t.doc);
      }
    }
    // Two words at least: a one-word query is a topic far more often than a surname.
    if (key.includes(' ') && s.authors.has(key)) {
      for (const d of await verifiedAuthorDocs(s, key, 20)) if (d !== title && accept(d)) docs.push(d);
    }
    return { title, docs };
  }

  /** Live documents of an author, newest first, hash neighbours removed by reading their papers. */
  async function verifiedAuthorDocs(s: IndexState, key: string, limit = Infinity): Promise<number[]> {
    const alive = s.table.alive.data;
    const docs = s.authors.docs(key).filter((d) => alive[d] === 1);
    const out: number[] = [];
    for (let i = 0; i < docs.length && out.length < limit; i += PAGE) {
      const chunk = docs.slice(i, i + PAGE);
      const papers = await getPapersByIds(db, chunk.map((d) => s.table.ids[d]), { visibleOnly: true });
      const ok = new Set(papers.filter((p) => p.authors.some((a) => authorKey(a) === key)).map((p) => p.id));
      for (const d of chunk) if (ok.has(s.table.ids[d]) && out.length < limit) out.push(d);
    }
    return out;
  }

  /** `author:` terms as a document predicate (every named author), or null when none. */
  async function authorRestriction(s: IndexState, keys: readonly string[]): Promise<((d: number) => boolean) | null> {
    if (keys.length === 0) return null;
    let set = new Set(await verifiedAuthorDocs(s, keys[0]));
    for (const key of keys.slice(1)) {
      const docs = new Set(await verifiedAuthorDocs(s, key));
      set = new Set([...set].filter((d) => docs.has(d)));
    }
    return (d) => set.has(d);
  }

  function knowsAnyTerm(s: IndexState, parsed: ParsedQuery): boolean {
    if ([...parsed.should, ...parsed.must].some((t) => s.keyword.docFreq(t) > 0)) return true;
    return parsed.prefixes.some((p) => s.keyword.expandPrefix(p, 1).length > 0);
  }

  /**
   * Typo tolerance: each plain query word whose term no paper holds is searched as the closest
   * known term too (`difusion` → `diffusion`). Returns null when nothing needed or found a fix.
   */
  function correctSpelling(s: IndexState, text: string, parsed: ParsedQuery): { parsed: ParsedQuery; text: string } | null {
    const vocab = s.keyword.sortedVocabulary();
    const df = (t: string) => s.keyword.docFreq(t);
    const added: string[] = [];
    let changed = false;
    const fixedText = text.replace(CHUNK, (raw) => {
      const t = chunkTerms(raw);
      const word = raw.toLowerCase();
      if (t.extras.length || t.primary === null || STOP_WORDS.has(word) || df(t.primary) > 0) return raw;
      if (!parsed.should.includes(t.primary)) return raw;
      const fix = closestTerm(t.primary, vocab, df);
      if (!fix) return raw;
      added.push(fix);
      changed = true;
      return respell(word, stemWord(word), fix, stemWord);
    });
    if (!changed) return null;
    return { parsed: { ...parsed, should: [...parsed.should, ...added] }, text: fixedText };
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
      return toHits(s, ranked.slice(0, Math.max(1, Math.min(limit, 100))), parsed);
    },
    async listAuthorPapers(name, limit, offset) {
      await maybeRefresh();
      const s = await current();
      const key = authorKey(name);
      if (!key || !s.authors.has(key)) return null;
      const docs = await verifiedAuthorDocs(s, key);
      if (docs.length === 0) return null;
      const sorted = await sortBy(s, docs.map((doc) => ({ doc, score: 0 })), 'date');
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
        return r.hits.map((h) => ({ id: h.id, title: h.title }));
      }
      const ranked = suggestDocs(s, text, Math.max(1, Math.min(limit, 20)));
      const papers = new Map((await getPapersByIds(db, ranked.map((h) => s.table.ids[h.doc]), { visibleOnly: true })).map((p) => [p.id, p]));
      return ranked.flatMap((h) => {
        const p = papers.get(s.table.ids[h.doc]);
        return p ? [{ id: p.id, title: p.title }] : [];
      });
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

function combine(a: (d: number) => boolean, b: ((d: number) => boolean) | null): (d: number) => boolean {
  return b ? (d) => a(d) && b(d) : a;
}

export { countPapers };
