// Typeahead over the in-process keyword index: the papers that best complete a partly typed query.
import type { IndexState } from './index-state.ts';
import type { ScoredDoc } from './keyword-index.ts';
import { makeFilter } from './doc-table.ts';
import { isEmptyQuery, parseQuery } from './query-parser.ts';
import { terms } from './tokenize.ts';

/** Completions a typeahead prefix stands for: fewer than a `word*` search, so each keystroke stays cheap. */
const SUGGEST_EXPANSIONS = 8;

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
    const completions = s.keyword.expandPrefix(m[1], SUGGEST_EXPANSIONS);
    if (completions.length === 0) return [];
    parsed.should.push(...completions);
  }
  if (isEmptyQuery(parsed)) return [];
  return s.keyword.search(parsed, k, makeFilter(s.table));
}
