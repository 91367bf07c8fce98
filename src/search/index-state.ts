// One generation of the in-memory search indexes (doc table, keyword, vectors), built from papers.
import type { Paper } from '../model.ts';
import { DocTable, type DocFacts } from './doc-table.ts';
import { KeywordIndex, type Bm25Params } from './keyword-index.ts';
import { VectorIndex, type VectorIndexOptions } from './vector-index.ts';
import { LsaEmbedder, trainLsaFromBags, type Bag, type LsaOptions } from './lsa.ts';
import type { Embedder } from './embedder.ts';
import { indexTerms } from './tokenize.ts';
import { AuthorIndex, authorKey, hashKey } from './author-index.ts';

/** Commit the keyword log once it holds this many postings: bounds memory during a bulk build. */
const COMMIT_POSTINGS = 16_000_000;
/** The built-in embedder learns from at most this many papers (a uniform sample beyond). */
export const LSA_SAMPLE = 20_000;

export function paperFacts(p: Paper): DocFacts {
  return {
    id: p.id,
    publishedAt: p.publishedAt,
    categories: p.categories,
    hasCode: p.codeUrls.length > 0,
    stars: p.daily?.githubStars ?? 0,
    trending: p.daily?.upvotes ?? 0,
    modifiedAt: p.modifiedAt,
  };
}

export interface IndexOptions {
  bm25: Bm25Params;
  vectors: VectorIndexOptions;
  lsa: Partial<LsaOptions>;
}

/**
 * The indexes searched together. A rebuild fills a new IndexState and swaps it in whole, so
 * searches never see a half-built one.
 */
export class IndexState {
  readonly table = new DocTable();
  readonly keyword: KeywordIndex;
  readonly authors = new AuthorIndex();
  /** Hash of a title's key (authorKey) → latest document with it: exact-title queries go first. */
  readonly titles = new Map<number, number>();
  /** Lowercased DOI → paper id (few papers have one; arXiv's own DOIs are read as ids). */
  readonly dois = new Map<string, string>();
  vectors: VectorIndex | null = null;
  /** The built-in embedder when it is the one in use (queries embed without a call out). */
  lsa: LsaEmbedder | null = null;
  /** lsaMapping()'s array, valid for the first `mapped` keyword terms. */
  private mapping: Int32Array = new Int32Array(0);
  private mapped = 0;

  constructor(
    readonly options: IndexOptions,
    /** The external embedder (ONNX or HTTP), or null for the built-in one. */
    readonly external: Embedder | null,
  ) {
    const alive = this.table.alive;
    this.keyword = new KeywordIndex(options.bm25, (d) => alive.data[d] === 1);
    if (external) this.vectors = new VectorIndex(external.dim, options.vectors);
  }

  get embedderReady(): boolean {
    return this.vectors !== null && (this.external !== null || this.lsa !== null);
  }

  /** Adds papers' text and facts (keyword searchable after commit; vectors only once an embedder is ready). */
  async add(papers: readonly Paper[]): Promise<void> {
    const docs: number[] = [];
    for (const p of papers) {
      const { doc, replaced } = this.table.add(paperFacts(p));
      this.keyword.remove(replaced);
      this.keyword.add(doc, p.title, p.abstract);
      this.authors.add(doc, p.authors);
      const titleKey = authorKey(p.title);
      if (titleKey) this.titles.set(hashKey(titleKey), doc);
      if (p.doi) this.dois.set(p.doi.toLowerCase(), p.id);
      // Embedded from the keyword index's term counts, exactly as the bulk path (useLsa) does.
      if (this.lsa && this.vectors) this.vectors.set(doc, this.lsa.embedBag(this.keyword.lastBag(), this.lsaMapping()));
      docs.push(doc);
      if (this.keyword.pendingPostings > COMMIT_POSTINGS) this.keyword.commit();
    }
    if (this.external && this.vectors) {
      const vecs = await this.external.embed(papers.map((p) => `${p.title}\n${p.abstract}`));
      vecs.forEach((v, i) => this.vectors!.set(docs[i], v));
    }
  }

  /** Keyword term number → built-in embedder's vocabulary number, extended as new terms appear. */
  private lsaMapping(): Int32Array {
    const names = this.keyword.termNames;
    let m = this.mapping;
    if (m.length < names.length) {
      const grown = new Int32Array(Math.max(names.length, m.length * 2)).fill(-1);
      grown.set(m);
      this.mapping = this.lsa!.mappingFor(names, this.mapped, grown);
      m = this.mapping;
    } else if (this.mapped < names.length) this.lsa!.mappingFor(names, this.mapped, m);
    this.mapped = names.length;
    return m;
  }

  commit(): void {
    this.keyword.commit();
    this.vectors?.maybeTrain();
  }

  /** Every live document as a term bag, in chunks (the keyword segment transposed). */
  private *bags(chunk = 100_000): Generator<{ doc: number; bag: Bag }> {
    const n = this.table.size;
    for (let lo = 0; lo < n; lo += chunk) {
      const hi = Math.min(n, lo + chunk);
      const f = this.keyword.forwardBags(lo, hi);
      for (let d = lo; d < hi; d++) {
        if (this.table.alive.data[d] !== 1) continue;
        const a = f.offsets[d - lo];
        const b = f.offsets[d - lo + 1];
        yield { doc: d, bag: { ids: f.ids.subarray(a, b), tfs: f.tfs.subarray(a, b) } };
      }
    }
  }

  /** Learns the built-in embedder from (a sample of) the committed corpus. */
  trainLsa(): LsaEmbedder {
    const alive = this.table.aliveCount;
    const every = Math.max(1, Math.ceil(alive / LSA_SAMPLE));
    const sample: Bag[] = [];
    let i = 0;
    for (const { bag } of this.bags()) {
      if (i++ % every === 0) sample.push({ ids: Array.from(bag.ids), tfs: Array.from(bag.tfs) });
    }
    return new LsaEmbedder(trainLsaFromBags(sample, this.keyword.termNames, this.options.lsa));
  }

  /** Installs the built-in embedder and embeds every committed document with it. */
  useLsa(lsa: LsaEmbedder): void {
    this.lsa = lsa;
    this.mapped = 0;
    this.mapping = new Int32Array(0);
    this.vectors = new VectorIndex(lsa.dim, this.options.vectors);
    this.vectors.reserve(this.table.aliveCount);
    const mapping = this.lsaMapping();
    for (const { doc, bag } of this.bags()) this.vectors.set(doc, lsa.embedBag(bag, mapping));
    this.vectors.maybeTrain();
  }

  /** The query's embedding, or null when no embedder is ready. */
  async embedQuery(text: string): Promise<Float32Array | null> {
    if (this.lsa) return this.lsa.embedTerms(indexTerms(text));
    if (this.external) return (await this.external.embed([text]))[0] ?? null;
    return null;
  }
}
