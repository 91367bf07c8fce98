// What the index makes of a query's words: whether it knows any, the closest known word for each
// unknown one (typo tolerance), and, for queries of unknown words only, how close in meaning a
// hit must be to count (calibrated on random letters).
import { makeFilter } from './doc-table.ts';
import type { IndexState } from './index-state.ts';
import type { ParsedQuery } from './query-parser.ts';
import { closestTerm, respell } from './spelling.ts';
import { CHUNK, STOP_WORDS, chunkTerms, stemWord } from './tokenize.ts';

/**
 * Strings of random letters, embedded to calibrate "close in meaning": when no query word is known
 * to the keyword index, a semantic hit must beat the best cosine any of these reaches in this
 * corpus with this model. (The built-in LSA gives them, and any unknown word, a zero vector: the
 * floor is 0 and such queries find nothing. An external model always finds something.)
 */
const NONSENSE_PROBES = ['zqxv kwpt yvbm', 'fjqh xzwk plvq', 'qqzr vxmk jwtf', 'bxzq ykvw gqjp', 'wvxq zmkj hqfz', 'kzqp vjxw tqyb'];
/** Per index generation: the floor nonsenseFloor computed for it. */
const FLOORS = new WeakMap<IndexState, number>();

/** The best cosine random letters reach in this index generation (see NONSENSE_PROBES). */
export async function nonsenseFloor(s: IndexState): Promise<number> {
  let floor = FLOORS.get(s);
  if (floor !== undefined) return floor;
  floor = 0;
  const alive = makeFilter(s.table);
  for (const probe of NONSENSE_PROBES) {
    const qv = await s.embedQuery(probe);
    const top = qv && s.vectors ? s.vectors.search(qv, 1, alive)[0] : undefined;
    if (top && top.score > floor) floor = top.score;
  }
  FLOORS.set(s, floor);
  return floor;
}

/** Whether the keyword index holds any of the query's words (or completes a prefix). */
export function knowsAnyTerm(s: IndexState, parsed: ParsedQuery): boolean {
  if ([...parsed.should, ...parsed.must].some((t) => s.keyword.docFreq(t) > 0)) return true;
  return parsed.prefixes.some((p) => s.keyword.expandPrefix(p, 1).length > 0);
}

/**
 * Typo tolerance: each plain query word whose term no paper holds is searched as the closest
 * known term too (`difusion` → `diffusion`). Returns null when nothing needed or found a fix.
 */
export function correctSpelling(s: IndexState, text: string, parsed: ParsedQuery): { parsed: ParsedQuery; text: string } | null {
  const vocab = s.keyword.sortedVocabulary();
  const df = (t: string) => s.keyword.docFreq(t);
  const added: string[] = [];
  let changed = false;
  const fixedText = text.replace(CHUNK, (raw) => {
    const t = chunkTerms(raw);
    const word = raw.toLowerCase();
    if (t.extras.length || t.primary === null || STOP_WORDS.has(word) || df(t.primary) > 0) return raw;
    if (!parsed.should.includes(t.primary)) return raw;
    const fix = closestTerm(t.primary, vocab, df);
    if (!fix) return raw;
    added.push(fix);
    changed = true;
    return respell(word, stemWord(word), fix, stemWord);
  });
  if (!changed) return null;
  return { parsed: { ...parsed, should: [...parsed.should, ...added] }, text: fixedText };
}
