// Turning ranked documents into a result: date or trending order, quoted-phrase checks, browsing
// without words, and the hits with their papers and snippets.
import type { Db } from '../db/db.ts';
import { getPapersByIds } from '../store/papers.ts';
import { listStoredTrendingScores } from '../store/trending.ts';
import { makeFilter, type SearchFilters } from './doc-table.ts';
import type { ScoredDoc } from './keyword-index.ts';
import type { IndexState } from './index-state.ts';
import { highlightStems, type ParsedQuery } from './query-parser.ts';
import { containsPhrase, makeSnippet } from './snippet.ts';
import type { SearchHit, SearchSort } from './search-types.ts';

/** A query without words: every document the filters accept, in `sort` order. */
export async function browse(db: Db, s: IndexState, filters: SearchFilters | undefined, sort: SearchSort, k: number, restrict?: ((d: number) => boolean) | null): Promise<{ docs: ScoredDoc[]; total: number }> {
  const accept = combine(makeFilter(s.table, filters), restrict ?? null);
  const docs: ScoredDoc[] = [];
  for (let d = 0; d < s.table.size; d++) if (accept(d)) docs.push({ doc: d, score: 0 });
  const sorted = await sortBy(db, s, docs, sort);
  return { docs: sorted.slice(0, k), total: docs.length };
}

/** The ranked documents whose title or abstract holds every quoted phrase, at most k. */
export async function keepPhraseMatches(db: Db, s: IndexState, ranked: ScoredDoc[], phrases: string[][], k: number): Promise<ScoredDoc[]> {
  const papers = await getPapersByIds(db, ranked.map((h) => s.table.ids[h.doc]), { visibleOnly: true });
  const ok = new Set(papers.filter((p) => phrases.every((ph) => containsPhrase(p.title, ph) || containsPhrase(p.abstract, ph))).map((p) => p.id));
  return ranked.filter((h) => ok.has(s.table.ids[h.doc])).slice(0, k);
}

/**
 * Date or trending order. Trending is the stored week score of the trending feature (it changes
 * with every vote and star refresh, so it is read from the store, not frozen into the index);
 * papers without one follow, by Hugging Face upvotes.
 */
export async function sortBy(db: Db, s: IndexState, ranked: ScoredDoc[], sort: SearchSort): Promise<ScoredDoc[]> {
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

/** A page of ranked documents as hits: their papers (hidden ones dropped) and highlighted snippets. */
export async function toHits(db: Db, s: IndexState, page: ScoredDoc[], parsed: ParsedQuery): Promise<SearchHit[]> {
  const papers = new Map((await getPapersByIds(db, page.map((h) => s.table.ids[h.doc]), { visibleOnly: true })).map((p) => [p.id, p]));
  const stems = highlightStems(parsed);
  return page.flatMap((h) => {
    const paper = papers.get(s.table.ids[h.doc]);
    if (!paper) return [];
    return [{ id: paper.id, score: h.score, title: paper.title, snippet: makeSnippet(paper.abstract, stems), paper }];
  });
}

/** Both predicates (or the first alone). */
export function combine(a: (d: number) => boolean, b: ((d: number) => boolean) | null): (d: number) => boolean {
  return b ? (d) => a(d) && b(d) : a;
}
