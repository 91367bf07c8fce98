// Parses a user's search box text into term groups; never throws, whatever the text.
import { STOP_WORDS, foldText, queryTerms, stemWord, terms } from './tokenize.ts';
import { authorKey } from './author-index.ts';

export interface ParsedQuery {
  /** Terms that rank (OR semantics, as BM25 baselines do). Phrase and required terms are included. */
  should: string[];
  /** Terms a hit must contain (`+word`, `AND`-joined words are not required: AND is treated as OR). */
  must: string[];
  /** Terms a hit must not contain (`-word`, `NOT word`). */
  mustNot: string[];
  /** Phrases (`"…"`) as stemmed term lists; a hit must contain each as adjacent words. */
  phrases: string[][];
  /** Folded prefixes of `word*` queries (at least 2 characters), expanded against the vocabulary. */
  prefixes: string[];
  /** `author:"Yann LeCun"` / `author:lecun`: author keys (see authorKey) every hit must have. */
  authors: string[];
}

/** Longer input is cut: a 10 kB paste is not a query, and scoring cost grows with its terms. */
export const MAX_QUERY_CHARS = 1000;
export const MAX_TERMS = 64;

const OPERATORS = new Set(['AND', 'OR', 'NOT', 'NEAR']);

/** The empty query: matches nothing by keyword. */
export function isEmptyQuery(q: ParsedQuery): boolean {
  return q.should.length === 0 && q.must.length === 0 && q.prefixes.length === 0 && q.phrases.length === 0 && q.authors.length === 0;
}

const AUTHOR = /(^|\s)author:(?:"([^"]*)"?|([^\s"]+))/gi;

export function parseQuery(input: string): ParsedQuery {
  let text = String(input ?? '').slice(0, MAX_QUERY_CHARS);
  const q: ParsedQuery = { should: [], must: [], mustNot: [], phrases: [], prefixes: [], authors: [] };
  text = text.replace(AUTHOR, (_, space: string, quoted?: string, bare?: string) => {
    const key = authorKey(quoted ?? bare ?? '');
    if (key) q.authors.push(key);
    return space;
  });
  // Split into quoted phrases and bare chunks. An unbalanced quote just ends at the end of text.
  const re = /"([^"]*)"?|([^\s"]+)/g;
  let negateNext = false;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[1] !== undefined) {
      const phrase = terms(m[1]);
      if (negateNext) q.mustNot.push(...phrase.slice(0, 1));
      else if (phrase.length > 1) {
        q.phrases.push(phrase);
        q.should.push(...phrase);
      } else q.should.push(...phrase);
      negateNext = false;
      continue;
    }
    const chunk = m[2];
    if (OPERATORS.has(chunk)) {
      negateNext = chunk === 'NOT';
      continue;
    }
    const signs = /^[+-]*/.exec(chunk)![0];
    const sign = signs.slice(-1);
    const rest = chunk.slice(signs.length);
    // `word*` (only at the end of a word) is a prefix query; other punctuation separates words.
    const prefixMatch = /^([\p{L}\p{N}]{2,})\*+$/u.exec(foldText(rest).replace(/[()[\]{}:^~]/g, ''));
    if (prefixMatch && sign !== '-' && !negateNext) {
      q.prefixes.push(prefixMatch[1]);
      continue;
    }
    // Ranking looks for a name's pieces too (`qwen3-vl` → qwen3vl, qwen3, qwen, vl); operators
    // apply to whole words.
    const ts = terms(rest);
    if (negateNext || sign === '-') q.mustNot.push(...ts);
    else if (sign === '+') {
      q.must.push(...ts);
      q.should.push(...queryTerms(rest));
    } else q.should.push(...queryTerms(rest));
    negateNext = false;
  }
  q.should = q.should.slice(0, MAX_TERMS);
  q.must = unique(q.must).slice(0, MAX_TERMS);
  q.mustNot = unique(q.mustNot).slice(0, MAX_TERMS);
  q.prefixes = unique(q.prefixes).slice(0, 8);
  q.authors = unique(q.authors).slice(0, 8);
  q.phrases = q.phrases.slice(0, 8);
  return q;
}

function unique(xs: string[]): string[] {
  return [...new Set(xs)];
}

/** Folded words worth highlighting for a query (stop words and operators dropped). */
export function highlightStems(q: ParsedQuery): Set<string> {
  return new Set([...q.should, ...q.must]);
}

export { STOP_WORDS, stemWord };
