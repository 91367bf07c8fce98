// What a search answers while this process's index is still being built (the seconds to a minute
// after a start, longer at hundreds of thousands of papers): papers whose titles hold every query
// word, newest first, read straight from the store. Coarser than the index (no stemming, no
// abstracts, no ranking), so the answer says so (`fromStore`) and is not cached.
import type { Db } from '../db/db.ts';
import { listPapersMatchingTitle } from '../store/listings.ts';
import { STOP_WORDS } from './tokenize.ts';
import { highlightStems, parseQuery } from './query-parser.ts';
import { makeSnippet } from './snippet.ts';
import type { SearchQuery, SearchResult } from './service.ts';

/** At most this many words are matched: each is a LIKE over every title. */
const MAX_WORDS = 6;

/** The plain words of a query, lower-cased: operators (`author:…`, `-word`) and stop words left out. */
export function titleWords(q: string): string[] {
  const words: string[] = [];
  for (const chunk of q.toLowerCase().split(/\s+/)) {
    if (chunk.startsWith('-') || chunk.includes(':')) continue;
    for (const w of chunk.match(/[\p{L}\p{N}]+/gu) ?? []) {
      if (w.length < 2 || STOP_WORDS.has(w) || words.includes(w)) continue;
      words.push(w);
    }
  }
  return words.slice(0, MAX_WORDS);
}

export async function searchTitlesInStore(db: Db, query: SearchQuery): Promise<SearchResult> {
  const limit = Math.max(1, Math.min(query.limit ?? 20, 100));
  const offset = Math.max(0, Math.min(query.offset ?? 0, 1000));
  const words = titleWords(query.q ?? '');
  // One more than asked: whether there is a next page, without counting every match.
  const papers = await listPapersMatchingTitle(db, words, limit + 1, offset);
  const stems = highlightStems(parseQuery(query.q ?? ''));
  const hits = papers.slice(0, limit).map((paper) => ({ id: paper.id, score: 0, title: paper.title, snippet: makeSnippet(paper.abstract, stems), paper }));
  return { hits, total: offset + papers.length, fromStore: true };
}

