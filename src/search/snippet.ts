// Highlighted, HTML-escaped snippets: the window of an abstract that holds the most query words.
import { CHUNK, MAX_CHUNK, chunkTerms, terms, unmark } from './tokenize.ts';

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * An escaped excerpt of about `maxWords` words around the densest run of query terms, matched
 * words wrapped in <mark>. Without matches: the opening words.
 */
export function makeSnippet(text: string, queryStems: ReadonlySet<string>, maxWords = 32): string {
  const spans: { start: number; end: number; hit: boolean }[] = [];
  for (const m of text.matchAll(CHUNK)) {
    // A name is marked when the query holds it whole or any of its pieces (`llada` in LLaDA2.0).
    const t = m[0].length <= MAX_CHUNK ? chunkTerms(unmark(m[0])) : { primary: null, extras: [] };
    const hit = (t.primary !== null && queryStems.has(t.primary)) || t.extras.some((e) => queryStems.has(e));
    spans.push({ start: m.index!, end: m.index! + m[0].length, hit });
  }
  if (spans.length === 0) return escapeHtml(text.slice(0, 300));
  let bestStart = 0;
  let bestHits = -1;
  let hits = 0;
  for (let i = 0; i < spans.length; i++) {
    if (spans[i].hit) hits++;
    if (i >= maxWords && spans[i - maxWords].hit) hits--;
    const start = Math.max(0, i - maxWords + 1);
    if (hits > bestHits) {
      bestHits = hits;
      bestStart = start;
    }
  }
  // Start the window a little before the first hit in it so it reads as a sentence fragment.
  const first = spans.findIndex((s, i) => i >= bestStart && s.hit);
  if (first > bestStart + 4) bestStart = Math.max(0, first - 4);
  const endIdx = Math.min(spans.length, bestStart + maxWords);
  const from = bestStart === 0 ? 0 : spans[bestStart].start;
  const to = endIdx === spans.length ? text.length : spans[endIdx - 1].end;
  let out = bestStart > 0 ? '… ' : '';
  let cursor = from;
  for (let i = bestStart; i < endIdx; i++) {
    const s = spans[i];
    if (!s.hit) continue;
    out += escapeHtml(text.slice(cursor, s.start)) + '<mark>' + escapeHtml(text.slice(s.start, s.end)) + '</mark>';
    cursor = s.end;
  }
  out += escapeHtml(text.slice(cursor, to));
  if (endIdx < spans.length) out += ' …';
  return out;
}

/** Does the text contain the stemmed phrase as consecutive non-stop words? */
export function containsPhrase(text: string, phrase: readonly string[]): boolean {
  if (phrase.length === 0) return true;
  const stems = terms(text);
  outer: for (let i = 0; i + phrase.length <= stems.length; i++) {
    for (let j = 0; j < phrase.length; j++) if (stems[i + j] !== phrase[j]) continue outer;
    return true;
  }
  return false;
}
