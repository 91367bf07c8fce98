// Ranks documents of one index generation for a query: keyword, semantic, or the two fused.
import { makeFilter, type SearchFilters } from './doc-table.ts';
import type { ScoredDoc } from './keyword-index.ts';
import type { IndexState } from './index-state.ts';
import type { ParsedQuery } from './query-parser.ts';
import { fuseScores } from './fusion.ts';

export type SearchMode = 'keyword' | 'semantic' | 'hybrid';

export interface RankRequest {
  text: string;
  parsed: ParsedQuery;
  mode: SearchMode;
  k: number;
  /** Semantic weight in hybrid fusion. */
  weight: number;
  filters?: SearchFilters;
}

/** Candidates each side contributes to fusion, whatever the page size. */
const FUSION_DEPTH = 100;

/**
 * Phrase checks need the text, so they happen in the service; everything else is here, shared by
 * the service, evaluation and the benchmark so all three measure the same code.
 */
export async function rankDocuments(s: IndexState, r: RankRequest): Promise<ScoredDoc[]> {
  const { parsed, mode, k } = r;
  const accept = makeFilter(s.table, r.filters);
  // Operators (+, -, "phrases", prefix*) make the keyword side the gate: semantic only re-ranks.
  const constrained = parsed.must.length > 0 || parsed.mustNot.length > 0 || parsed.phrases.length > 0 || parsed.prefixes.length > 0;
  const depth = mode === 'hybrid' ? Math.max(k, FUSION_DEPTH) : k;
  const keyword = mode === 'semantic' ? [] : s.keyword.search(parsed, depth, accept);
  if (mode === 'keyword' || !s.embedderReady) return keyword.slice(0, k);
  const qv = await s.embedQuery(r.text);
  if (!qv) return mode === 'semantic' ? [] : keyword.slice(0, k);
  const vectors = s.vectors!;
  if (mode === 'semantic') return vectors.search(qv, k, accept);
  const semantic = constrained ? keyword.map((h) => ({ doc: h.doc, score: vectors.score(qv, h.doc) })) : vectors.search(qv, depth, accept);
  return fuseScores(keyword, semantic, r.weight, (doc) => vectors.score(qv, doc)).slice(0, k);
}
