// BM25F keyword index in typed arrays beside the store: one code path, so SQLite and PostgreSQL rank alike.
import { Growable } from './growable.ts';
import { chunkTerms } from './tokenize.ts';
import { WordTable } from './word-table.ts';
import type { DocPredicate } from './doc-table.ts';
import type { ParsedQuery } from './query-parser.ts';
import { containsAny } from './postings.ts';
import { requiredIsCheaper, requiredTopK } from './required-top-k.ts';
import { HIT_WORDS, maxScoreTopK, WINDOW, type QueryTerm } from './maxscore-top-k.ts';
import { championTopK, listChampions, type ChampionTerm } from './champion-top-k.ts';

export { gallop } from './postings.ts';

export interface Bm25Params {
  k1: number;
  b: number;
  /** A title word counts as this many abstract words (BM25F with one shared length norm). */
  titleWeight: number;
}

/** Anserini's BM25 defaults for BEIR; title weight tuned on held-out SciFact queries (see eval). */
export const DEFAULT_BM25: Bm25Params = { k1: 0.9, b: 0.4, titleWeight: 1 };

export interface ScoredDoc {
  doc: number;
  score: number;
}

const MAX_PREFIX_EXPANSIONS = 24;
/**
 * Prefixes up to this long have their commonest completions listed at commit: one or two letters
 * span thousands of terms (finding the commonest of `a` took 11 ms at 60k papers), and typeahead
 * asks for them at every first keystroke.
 */
const SHORT_PREFIX = 3;
/** A typeahead reading at most this many postings is answered exactly (well under a millisecond). */
const EXACT_SUGGEST_POSTINGS = 50_000;

/**
 * Postings live in one CSR segment (offsets/docs/tfs per term, docs ascending) plus an append log
 * of recent additions; `commit()` merges the log in and drops postings of dead documents. Internal
 * document numbers only grow, so merging is a per-term concatenation.
 */
export class KeywordIndex {
  readonly termIds = new Map<string, number>();
  readonly termNames: string[] = [];
  offsets = new Int32Array(1);
  postDocs = new Int32Array(0);
  postTfs = new Uint8Array(0);
  /** Per term: the best tf/(tf+K) over its postings, for MaxScore's upper bounds. */
  maxFrac = new Float32Array(0);
  /** Per term: its champions (champion-top-k.ts), championDocs[championStart[t] ..< championStart[t + 1]]. */
  private championStart: Int32Array = new Int32Array(1);
  private championDocs: Int32Array = new Int32Array(0);
  private logTerm = new Growable(Int32Array, 1 << 16);
  private logDoc = new Growable(Int32Array, 1 << 16);
  private logTf = new Growable(Uint8Array, 1 << 16);
  readonly docLen = new Growable(Float32Array);
  /** Per document: k1·(1 − b + b·len/avgLen), recomputed on commit. */
  norm = new Float32Array(0);
  /** The committed vocabulary in sorted order: sortedVocabulary()'s answer, merged on commit. */
  private sortedTerms: readonly string[] = [];
  /** How many of termNames (the first ones: numbers only grow) sortedTerms holds. */
  private sortedCount = 0;
  /** Prefix of 1..SHORT_PREFIX letters → its MAX_PREFIX_EXPANSIONS commonest terms, as expandPrefix orders them. */
  private shortPrefixes = new Map<string, string[]>();
  /** Scratch of add(): per term number, its count in the current document, valid where tfStamp is current. */
  private readonly tfScratch = new Growable(Float64Array);
  private readonly tfStamp = new Growable(Int32Array);
  private stamp = 0;
  private readonly touched: number[] = [];
  /**
   * Chunk → its term number, −1 for a stop word, or −2 − i for a compound whose terms are
   * compoundTerms[compoundStart[i] ..< compoundStart[i + 1]] (the whole word's first, or −1).
   */
  private readonly words = new WordTable((chunk) => this.resolveChunk(chunk), undefined, () => {
    this.compoundTerms.clear();
    this.compoundStart.clear();
  });
  private readonly compoundTerms = new Growable(Int32Array, 1 << 12);
  private readonly compoundStart = new Growable(Int32Array, 1 << 10);
  private readonly wordScratch: number[] = [];
  /** Scratch of search(): per-window scores, which slots hold one (all zero between searches), and the survivors. */
  private readonly acc = new Float64Array(WINDOW);
  private readonly hit = new Uint32Array(HIT_WORDS);
  private readonly cands = new Int32Array(WINDOW);
  private liveDocs = 0;
  private liveLen = 0;

  constructor(
    readonly params: Bm25Params = DEFAULT_BM25,
    private readonly isAlive: (doc: number) => boolean = () => true,
  ) {}

  get pendingPostings(): number {
    return this.logDoc.length;
  }

  /**
   * Indexes a document's text under its (new, highest-yet) number; searchable after commit().
   * Each word costs one lookup in a word table (folded word → term number, a stop word → −1), so
   * the stemmer and the vocabulary are consulted once per distinct word, not per occurrence.
   */
  add(doc: number, title: string, abstract: string): void {
    this.stamp++;
    this.touched.length = 0;
    const w = this.params.titleWeight;
    const titleLen = this.countWords(title, w);
    const bodyLen = this.countWords(abstract, 1);
    const tf = this.tfScratch.data;
    for (const id of this.touched) {
      this.logTerm.push(id);
      this.logDoc.push(doc);
      this.logTf.push(Math.min(255, Math.round(tf[id])));
    }
    const len = w * titleLen + bodyLen;
    this.docLen.set(doc, len);
    this.liveDocs++;
    this.liveLen += len;
  }

  /**
   * The document add() indexed last, as distinct term numbers and their counts (as stored): what
   * the built-in embedder embeds, so a paper's text is tokenized once for both indexes.
   */
  lastBag(): { ids: Int32Array; tfs: Uint8Array } {
    const ids = Int32Array.from(this.touched);
    const tfs = new Uint8Array(ids.length);
    const tf = this.tfScratch.data;
    for (let i = 0; i < ids.length; i++) tfs[i] = Math.min(255, Math.round(tf[ids[i]]));
    return { ids, tfs };
  }

  private resolveChunk(chunk: string): number {
    const t = chunkTerms(chunk);
    const primary = t.primary === null ? -1 : this.termId(t.primary);
    if (t.extras.length === 0) return primary;
    if (this.compoundStart.length === 0) this.compoundStart.push(0);
    const i = this.compoundStart.length - 1;
    this.compoundTerms.push(primary);
    for (const e of t.extras) this.compoundTerms.push(this.termId(e));
    this.compoundStart.push(this.compoundTerms.length);
    return -2 - i;
  }

  /**
   * Counts a text's terms into the current document, each weighted; returns its length in words.
   * A compound's whole word and pieces count as terms but as one word of length: the pieces make
   * names findable without making a document full of versioned names look longer than it is.
   * (Counting its words instead, as the old tokenizer split them, measured SciFact nDCG@10
   * 0.6996 → 0.6975 and NFCorpus 0.3221 → 0.3223: no better.)
   */
  private countWords(text: string, weight: number): number {
    const ids = this.wordScratch;
    ids.length = 0;
    this.words.scan(text, ids);
    let n = 0;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      if (id >= 0) {
        n++;
        this.countTerm(id, weight);
      } else if (id <= -2) {
        const c = -2 - id;
        const terms = this.compoundTerms.data;
        n++;
        for (let p = this.compoundStart.data[c], e = this.compoundStart.data[c + 1]; p < e; p++) if (terms[p] >= 0) this.countTerm(terms[p], weight);
      }
    }
    return n;
  }

  private countTerm(id: number, weight: number): void {
    // termId() sized both scratch arrays for every term number.
    if (this.tfStamp.data[id] !== this.stamp) {
      this.tfStamp.data[id] = this.stamp;
      this.tfScratch.data[id] = weight;
      this.touched.push(id);
    } else {
      this.tfScratch.data[id] += weight;
    }
  }

  /** A term's number; new terms get the next one. */
  private termId(term: string): number {
    let id = this.termIds.get(term);
    if (id === undefined) {
      id = this.termNames.length;
      this.termIds.set(term, id);
      this.termNames.push(term);
      this.tfStamp.set(id, 0);
      this.tfScratch.set(id, 0);
    }
    return id;
  }

  /** Forgets a document's length statistics; its postings go at the next commit. */
  remove(doc: number): void {
    if (doc < 0 || doc >= this.docLen.length) return;
    this.liveDocs--;
    this.liveLen -= this.docLen.data[doc];
  }

  /** Merges the log into the segment and refreshes the length norms and score bounds. */
  commit(): void {
    const V = this.termNames.length;
    const counts = new Int32Array(V + 1);
    const oldOffsets = this.offsets;
    const oldV = oldOffsets.length - 1;
    for (let t = 0; t < oldV; t++) {
      for (let p = oldOffsets[t]; p < oldOffsets[t + 1]; p++) if (this.isAlive(this.postDocs[p])) counts[t]++;
    }
    const logN = this.logDoc.length;
    const lt = this.logTerm.data;
    const ld = this.logDoc.data;
    const lf = this.logTf.data;
    for (let i = 0; i < logN; i++) if (this.isAlive(ld[i])) counts[lt[i]]++;
    const offsets = new Int32Array(V + 1);
    for (let t = 0; t < V; t++) offsets[t + 1] = offsets[t] + counts[t];
    const docs = new Int32Array(offsets[V]);
    const tfs = new Uint8Array(offsets[V]);
    const fill = counts; // reused as the write cursor per term
    for (let t = 0; t < V; t++) fill[t] = offsets[t];
    for (let t = 0; t < oldV; t++) {
      for (let p = oldOffsets[t]; p < oldOffsets[t + 1]; p++) {
        const d = this.postDocs[p];
        if (!this.isAlive(d)) continue;
        docs[fill[t]] = d;
        tfs[fill[t]++] = this.postTfs[p];
      }
    }
    for (let i = 0; i < logN; i++) {
      const d = ld[i];
      if (!this.isAlive(d)) continue;
      const t = lt[i];
      docs[fill[t]] = d;
      tfs[fill[t]++] = lf[i];
    }
    this.offsets = offsets;
    this.postDocs = docs;
    this.postTfs = tfs;
    // Fresh logs rather than cleared ones: a bulk load grows them to ~16M postings (150 MB), which
    // would otherwise stay allocated for the life of the index. Regrowing costs a few copies.
    this.logTerm = new Growable(Int32Array, 1 << 16);
    this.logDoc = new Growable(Int32Array, 1 << 16);
    this.logTf = new Growable(Uint8Array, 1 << 16);
    this.refreshNorms();
    const champions = listChampions(this.offsets, this.postDocs, this.postTfs, this.norm);
    this.championStart = champions.start;
    this.championDocs = champions.docs;
    this.mergeNewTerms();
    this.listShortPrefixes();
  }

  /**
   * The commonest completions of every short prefix, in one walk of the sorted vocabulary (tens of
   * ms at a million papers, once per commit): document counts change on every commit, so the lists
   * are made afresh rather than kept.
   */
  private listShortPrefixes(): void {
    const lists = new Map<string, { t: string; df: number }[]>();
    for (const t of this.sortedTerms) {
      const id = this.termIds.get(t)!;
      const df = this.offsets[id + 1] - this.offsets[id];
      if (df === 0) continue;
      for (let n = 1; n <= Math.min(SHORT_PREFIX, t.length); n++) {
        const key = t.slice(0, n);
        let list = lists.get(key);
        if (!list) lists.set(key, (list = []));
        if (list.length === MAX_PREFIX_EXPANSIONS && list[list.length - 1].df >= df) continue;
        // After the equal counts: ties stay in alphabetical order, as expandPrefix's stable sort leaves them.
        let at = list.length;
        while (at > 0 && list[at - 1].df < df) at--;
        list.splice(at, 0, { t, df });
        if (list.length > MAX_PREFIX_EXPANSIONS) list.pop();
      }
    }
    this.shortPrefixes = new Map([...lists].map(([key, list]) => [key, list.map((e) => e.t)]));
  }

  /**
   * Brings the sorted vocabulary up to date with the terms added since the last commit: they are
   * sorted alone and merged in (linear), so no search ever pays for sorting the whole vocabulary
   * (at 60k papers that took a first typeahead ~100 ms right after a start).
   */
  private mergeNewTerms(): void {
    const names = this.termNames;
    if (this.sortedCount === names.length) return;
    const fresh = names.slice(this.sortedCount).sort();
    const old = this.sortedTerms;
    const merged: string[] = new Array(old.length + fresh.length);
    let i = 0;
    let j = 0;
    let o = 0;
    while (i < old.length && j < fresh.length) merged[o++] = old[i] < fresh[j] ? old[i++] : fresh[j++];
    while (i < old.length) merged[o++] = old[i++];
    while (j < fresh.length) merged[o++] = fresh[j++];
    this.sortedTerms = merged;
    this.sortedCount = names.length;
  }

  private refreshNorms(): void {
    const { k1, b } = this.params;
    const n = this.docLen.length;
    const avg = this.liveDocs > 0 ? this.liveLen / this.liveDocs : 1;
    const norm = this.norm.length >= n ? this.norm : new Float32Array(Math.max(n, this.norm.length * 2));
    const len = this.docLen.data;
    for (let d = 0; d < n; d++) norm[d] = k1 * (1 - b + (b * len[d]) / avg);
    this.norm = norm;
    const V = this.termNames.length;
    const maxFrac = new Float32Array(V);
    for (let t = 0; t < V; t++) {
      let best = 0;
      for (let p = this.offsets[t]; p < this.offsets[t + 1]; p++) {
        const tf = this.postTfs[p];
        const f = tf / (tf + norm[this.postDocs[p]]);
        if (f > best) best = f;
      }
      maxFrac[t] = best;
    }
    this.maxFrac = maxFrac;
  }

  /**
   * Documents [lo, hi) as bags of (term number, tf), by transposing the segment: how the built-in
   * embedder reads the corpus without tokenizing it a second time. Costs one pass over postings.
   */
  forwardBags(lo: number, hi: number): { offsets: Int32Array; ids: Int32Array; tfs: Uint8Array } {
    const counts = new Int32Array(hi - lo + 1);
    const V = this.offsets.length - 1;
    for (let p = 0; p < this.postDocs.length; p++) {
      const d = this.postDocs[p];
      if (d >= lo && d < hi) counts[d - lo + 1]++;
    }
    for (let i = 1; i < counts.length; i++) counts[i] += counts[i - 1];
    const offsets = Int32Array.from(counts);
    const ids = new Int32Array(offsets[offsets.length - 1]);
    const tfs = new Uint8Array(ids.length);
    const fill = counts;
    for (let t = 0; t < V; t++) {
      for (let p = this.offsets[t]; p < this.offsets[t + 1]; p++) {
        const d = this.postDocs[p];
        if (d < lo || d >= hi) continue;
        const at = fill[d - lo]++;
        ids[at] = t;
        tfs[at] = this.postTfs[p];
      }
    }
    return { offsets, ids, tfs };
  }

  get documentCount(): number {
    return this.liveDocs;
  }

  /** Lucene's BM25 idf: log(1 + (N − df + 0.5)/(df + 0.5)); never negative. */
  idf(term: number): number {
    const df = this.offsets[term + 1] - this.offsets[term];
    return Math.log(1 + (this.liveDocs - df + 0.5) / (df + 0.5));
  }

  /** How many live documents hold the term (0 when unknown). */
  docFreq(term: string): number {
    const r = this.postingRange(term);
    return r ? r[1] - r[0] : 0;
  }

  /**
   * The committed vocabulary in sorted order (a new array after a commit that added terms; shared
   * by prefixes and spelling). Terms added since hold no postings yet, so leaving them out loses
   * no answer.
   */
  sortedVocabulary(): readonly string[] {
    return this.sortedTerms;
  }

  /** Vocabulary terms starting with `prefix`, most frequent first. */
  expandPrefix(prefix: string, limit = MAX_PREFIX_EXPANSIONS): string[] {
    if (prefix.length <= SHORT_PREFIX && limit <= MAX_PREFIX_EXPANSIONS) return (this.shortPrefixes.get(prefix) ?? []).slice(0, limit);
    const s = this.sortedVocabulary();
    let lo = 0;
    let hi = s.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (s[mid] < prefix) lo = mid + 1;
      else hi = mid;
    }
    const found: { t: string; df: number }[] = [];
    for (let i = lo; i < s.length && s[i].startsWith(prefix); i++) {
      const id = this.termIds.get(s[i])!;
      const df = id + 1 < this.offsets.length ? this.offsets[id + 1] - this.offsets[id] : 0;
      if (df > 0) found.push({ t: s[i], df });
    }
    return found.sort((a, b) => b.df - a.df).slice(0, limit).map((f) => f.t);
  }

  private postingRange(term: string): [number, number] | null {
    const id = this.termIds.get(term);
    if (id === undefined || id + 1 >= this.offsets.length) return null;
    const a = this.offsets[id];
    const b = this.offsets[id + 1];
    return a < b ? [a, b] : null;
  }

  /**
   * The k best documents for a query by BM25, with MaxScore pruning: terms are ordered by their
   * score upper bound, and once the k-th best score exceeds the sum of the smallest bounds, those
   * terms ("non-essential") only refine candidates found through the others. The essential terms
   * are scored in windows of WINDOW doc numbers into an accumulator (term at a time inside a
   * window): one add per posting instead of a min-of-cursors step per candidate, which is what
   * long OR queries (a pasted claim or abstract sentence) spend their time on. The window's
   * candidates are refined term at a time too, dropping those that can no longer make the top k
   * before each term (maxscore-top-k.ts). The result is exactly the exhaustive top k.
   */
  search(q: ParsedQuery, k: number, accept: DocPredicate, weighted?: ReadonlyMap<string, number>): ScoredDoc[] {
    const plan = this.plan(q, weighted);
    if (!plan || k <= 0) return [];
    return this.exactTopK(plan, k, accept);
  }

  /**
   * Typeahead's search: exact, as search(), when that reads few postings; otherwise the best of
   * the terms' champions (champion-top-k.ts), so a first keystroke (`pr` stands for `propos`,
   * `provid`, … each in half the papers) costs the same at a million papers as at a thousand.
   * Falls back to the exact search when the champions hold fewer than k matches.
   */
  suggest(q: ParsedQuery, k: number, accept: DocPredicate, weighted?: ReadonlyMap<string, number>): ScoredDoc[] {
    const plan = this.plan(q, weighted);
    if (!plan || k <= 0) return [];
    let scanned = 0;
    for (const t of plan.terms) scanned += t.end - t.start;
    if (scanned <= EXACT_SUGGEST_POSTINGS || requiredIsCheaper(plan.required, plan.terms)) return this.exactTopK(plan, k, accept);
    const terms: ChampionTerm[] = plan.terms.map((t) => {
      const a = this.championStart[t.id];
      const b = this.championStart[t.id + 1];
      return { ...t, champions: b > a ? this.championDocs.subarray(a, b) : null };
    });
    const hits = championTopK({ docs: this.postDocs, tfs: this.postTfs, norm: this.norm }, terms, plan.required, plan.excluded, k, accept);
    return hits.length >= k ? hits : this.exactTopK(plan, k, accept);
  }

  /** A query's posting ranges and term weights; null when a required term is unknown or nothing ranks. */
  private plan(q: ParsedQuery, weighted?: ReadonlyMap<string, number>): { terms: (QueryTerm & { id: number })[]; required: [number, number][]; excluded: [number, number][] } | null {
    const weights = new Map<string, number>();
    for (const t of q.should) weights.set(t, (weights.get(t) ?? 0) + 1);
    // Terms counted a fraction of a query word (typeahead's completions of a partly typed word).
    if (weighted) for (const [t, w] of weighted) weights.set(t, (weights.get(t) ?? 0) + w);
    for (const p of q.prefixes) for (const t of this.expandPrefix(p)) if (!weights.has(t)) weights.set(t, 1);
    const required: [number, number][] = [];
    for (const t of [...q.must, ...q.phrases.flat()]) {
      const r = this.postingRange(t);
      if (!r) return null;
      required.push(r);
    }
    const excluded = q.mustNot.map((t) => this.postingRange(t)).filter((r): r is [number, number] => r !== null);
    const k1p1 = this.params.k1 + 1;
    const terms: (QueryTerm & { id: number })[] = [];
    for (const [t, qtf] of weights) {
      const r = this.postingRange(t);
      if (!r) continue;
      const id = this.termIds.get(t)!;
      const w = qtf * this.idf(id) * k1p1;
      terms.push({ start: r[0], end: r[1], w, ub: w * this.maxFrac[id], id });
    }
    return terms.length === 0 ? null : { terms, required, excluded };
  }

  private exactTopK(plan: { terms: QueryTerm[]; required: [number, number][]; excluded: [number, number][] }, k: number, accept: DocPredicate): ScoredDoc[] {
    const { terms, required, excluded } = plan;
    if (requiredIsCheaper(required, terms)) return requiredTopK({ docs: this.postDocs, tfs: this.postTfs, norm: this.norm }, terms, required, excluded, k, accept);
    return maxScoreTopK({ docs: this.postDocs, tfs: this.postTfs, norm: this.norm, acc: this.acc, hit: this.hit, cands: this.cands }, terms, required, excluded, k, accept);
  }

  /** How many documents the query's terms match (OR of terms, required/excluded and filter applied). */
  countMatches(q: ParsedQuery, accept: DocPredicate, limit = Infinity): number {
    const ranges: [number, number][] = [];
    for (const t of new Set(q.should)) {
      const r = this.postingRange(t);
      if (r) ranges.push(r);
    }
    for (const p of q.prefixes) for (const t of this.expandPrefix(p)) {
      const r = this.postingRange(t);
      if (r) ranges.push(r);
    }
    const required = [...q.must, ...q.phrases.flat()].map((t) => this.postingRange(t));
    if (required.some((r) => r === null)) return 0;
    const excluded = q.mustNot.map((t) => this.postingRange(t)).filter((r): r is [number, number] => r !== null);
    const seen = new Uint32Array((this.docLen.length >>> 5) + 1);
    let count = 0;
    for (const [a, b] of ranges) {
      for (let p = a; p < b; p++) {
        const d = this.postDocs[p];
        const bit = 1 << (d & 31);
        if (seen[d >>> 5] & bit) continue;
        seen[d >>> 5] |= bit;
        if (!accept(d)) continue;
        if (!required.every((r) => containsAny(this.postDocs, r!, d))) continue;
        if (excluded.some((r) => containsAny(this.postDocs, r, d))) continue;
        if (++count >= limit) return count;
      }
    }
    return count;
  }
}
