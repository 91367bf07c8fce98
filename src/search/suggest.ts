// Typeahead over the in-process keyword index: the papers that best complete a partly typed query.
import type { IndexState } from './index-state.ts';
import type { ScoredDoc } from './keyword-index.ts';
import { makeFilter } from './doc-table.ts';
import { isEmptyQuery, parseQuery } from './query-parser.ts';
import { stemWord, terms } from './tokenize.ts';

/** Completions a typeahead prefix stands for: fewer than a `word*` search, so each keystroke stays cheap. */
const SUGGEST_EXPANSIONS = 8;
/** A word typed past its stem (`diffusio`, `modeli`) still stands for the stem if it keeps this much of it. */
const MIN_STEM_PREFIX = 4;

/**
 * The terms a partly typed last word may stand for, each weighted by how likely it is meant: its
 * documents as a share of the commonest candidate's (that one counts as a whole query word). So
 * `lang` means `language` far more than `langevin`, whose rarity would otherwise rank Langevin
 * papers first. Index terms are stems, so a word typed in full or past its stem (`language`,
 * `modeling`, `diffusio`) is no prefix of any term: its stem, or the longest known term it starts
 * with, stands for it then.
 */
export function completionsOf(s: IndexState, word: string): Map<string, number> {
  const kw = s.keyword;
  const candidates = new Set(kw.expandPrefix(word, SUGGEST_EXPANSIONS));
  const stem = stemWord(word);
  if (kw.docFreq(stem) > 0) candidates.add(stem);
  if (candidates.size === 0) {
    for (let n = word.length - 1; n >= MIN_STEM_PREFIX; n--) {
      const t = word.slice(0, n);
      if (kw.docFreq(t) > 0) {
        candidates.add(t);
        break;
      }
    }
  }
  const df = [...candidates].map((t) => [t, kw.docFreq(t)] as const).filter(([, f]) => f > 0);
  const most = Math.max(0, ...df.map(([, f]) => f));
  return new Map(df.map(([t, f]) => [t, f / most]));
}

/**
 * The last word is still being typed: it stands for its likely completions in the vocabulary.
 * The words before it are typed in full and every one is required, as in any instant search. A
 * last word nothing starts with means no suggestion at all (not a looser search).
 */
export function suggestDocs(s: IndexState, text: string, k: number): ScoredDoc[] {
  const m = /([\p{L}\p{N}]+)$/u.exec(text.toLowerCase());
  const typed = m ? text.slice(0, text.length - m[1].length) : text;
  const parsed = parseQuery(typed);
  parsed.must = [...new Set([...parsed.must, ...terms(typed)])];
  let completions: Map<string, number> | undefined;
  if (m) {
    completions = completionsOf(s, m[1]);
    if (completions.size === 0) return [];
  }
  if (isEmptyQuery(parsed) && !completions) return [];
  return s.keyword.suggest(parsed, k, makeFilter(s.table), completions);
}
