// Typeahead over the in-process keyword index: the papers that best complete a partly typed query.
import type { IndexState } from './index-state.ts';
import type { ScoredDoc } from './keyword-index.ts';
import { makeFilter } from './doc-table.ts';
import { isEmptyQuery, parseQuery } from './query-parser.ts';
import { terms } from './tokenize.ts';

/** Completions a typeahead prefix stands for: fewer than a `word*` search, so each keystroke stays cheap. */
const SUGGEST_EXPANSIONS = 8;

/**
 * Completions of prefixes this short, per vocabulary (a new term makes a new sorted array): one or
 * two letters span thousands of words, and finding their commonest took 11 ms for `a` at 60k papers.
 * Counts that change without a new term can leave the order a little stale until the next one.
 */
const CACHED_PREFIX_LENGTH = 3;
const completionCache = new WeakMap<readonly string[], Map<string, string[]>>();

function completionsOf(s: IndexState, prefix: string): string[] {
  if (prefix.length > CACHED_PREFIX_LENGTH) return s.keyword.expandPrefix(prefix, SUGGEST_EXPANSIONS);
  const vocabulary = s.keyword.sortedVocabulary();
  let cache = completionCache.get(vocabulary);
  if (!cache) completionCache.set(vocabulary, (cache = new Map()));
  let found = cache.get(prefix);
  if (!found) cache.set(prefix, (found = s.keyword.expandPrefix(prefix, SUGGEST_EXPANSIONS)));
  return found;
}

/**
 * The last word is still being typed: it stands for its commonest completions in the vocabulary.
 * The words before it are typed in full and every one is required, as in any instant search. A
 * last word nothing starts with means no suggestion at all (not a looser search).
 */
export function suggestDocs(s: IndexState, text: string, k: number): ScoredDoc[] {
  const m = /([\p{L}\p{N}]+)$/u.exec(text.toLowerCase());
  const typed = m ? text.slice(0, text.length - m[1].length) : text;
  const parsed = parseQuery(typed);
  parsed.must = [...new Set([...parsed.must, ...terms(typed)])];
  if (m) {
    const completions = completionsOf(s, m[1]);
    if (completions.length === 0) return [];
    parsed.should.push(...completions);
  }
  if (isEmptyQuery(parsed)) return [];
  return s.keyword.search(parsed, k, makeFilter(s.table));
}
