// Turns text into index terms: Unicode folding, lowercase, Lucene's English stop words, Porter stems.
import { stemmer } from 'stemmer';

/**
 * Lucene's EnglishAnalyzer stop set (what Anserini's BM25 baseline uses): short, so that
 * phrases like "to be or not to be" still mostly index.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  'a an and are as at be but by for if in into is it no not of on or such that the their then there these they this to was will with'.split(' '),
);

const WORD = /[\p{L}\p{N}]+/gu;
const MARKS = /\p{M}+/gu;
/** Tokens longer than this are noise (base64, DNA strings) and would bloat the vocabulary. */
export const MAX_TOKEN = 40;

/** Lowercase, compatibility-decomposed text without combining marks: "Café" → "cafe". */
export function foldText(text: string): string {
  // Only pay for normalisation when the text has non-ASCII characters (most abstracts do not).
  // eslint-disable-next-line no-control-regex
  const ascii = /^[\x00-\x7f]*$/.test(text);
  return ascii ? text.toLowerCase() : text.normalize('NFKD').replace(MARKS, '').toLowerCase();
}

/** Folded words in order, stop words included (positions count them, as phrase matching needs). */
export function words(text: string): string[] {
  return foldText(text).match(WORD)?.filter((w) => w.length <= MAX_TOKEN) ?? [];
}

// Stemming dominates indexing time; abstracts reuse a small vocabulary, so memoise it.
const stemCache = new Map<string, string>();
const STEM_CACHE_MAX = 200_000;

/** The index term of one folded word: its Porter stem (digits and 1–2 letter words as they are). */
export function stemWord(word: string): string {
  let s = stemCache.get(word);
  if (s === undefined) {
    s = word.length <= 2 || /^\d/.test(word) ? word : stemmer(word);
    if (stemCache.size >= STEM_CACHE_MAX) stemCache.clear();
    stemCache.set(word, s);
  }
  return s;
}

/** Index terms of a text, stop words dropped, in order. */
export function terms(text: string): string[] {
  const out: string[] = [];
  for (const w of words(text)) if (!STOP_WORDS.has(w)) out.push(stemWord(w));
  return out;
}
