// Did-you-mean: the index's own terms within a small edit distance of a term it does not know.

/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent swaps, the commonest typo), or
 * max + 1 as soon as it must exceed `max`: most candidates are rejected after a row or two.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = b.length;
  let prev2 = new Int32Array(n + 1);
  let prev = Int32Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Int32Array(n + 1);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n];
}

/** Edits allowed for a term of this length: none below 4 letters (too many neighbours), 1 to 7, else 2. */
export function allowedEdits(term: string): number {
  return term.length < 4 ? 0 : term.length <= 7 ? 1 : 2;
}

/**
 * The closest known term to `term` (fewest edits, then most documents), among the sorted
 * vocabulary's terms that share its first letter: a typo in the first letter is rare, and the
 * shared letter cuts the scan to a few per cent of the vocabulary.
 */
export function closestTerm(term: string, sorted: readonly string[], df: (t: string) => number): string | null {
  const max = allowedEdits(term);
  if (max === 0 || /\d/.test(term)) return null;
  const first = term[0];
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < first) lo = mid + 1;
    else hi = mid;
  }
  let best: string | null = null;
  let bestDist = max + 1;
  let bestDf = 0;
  for (let i = lo; i < sorted.length && sorted[i][0] === first; i++) {
    const t = sorted[i];
    if (Math.abs(t.length - term.length) > max) continue;
    const d = editDistance(term, t, Math.min(max, bestDist));
    if (d > max || d > bestDist) continue;
    const f = df(t);
    if (f === 0) continue;
    if (d < bestDist || f > bestDf) {
      best = t;
      bestDist = d;
      bestDf = f;
    }
  }
  return best;
}

/**
 * How a corrected term reads in the query box. Terms are stems, so the typed word's ending is
 * put back: of the corrected stem plus each tail of that ending, the spelling that stems to the
 * corrected term and is closest to what was typed (`difusion` → `diffusion`, `modles` →
 * `models`); the stem itself when none does.
 */
export function respell(word: string, stem: string, corrected: string, stemOf: (w: string) => string): string {
  const ending = word.startsWith(stem) ? word.slice(stem.length) : '';
  let best = corrected;
  let bestKey = Infinity;
  for (let k = 0; k <= ending.length; k++) {
    const c = corrected + ending.slice(k);
    if (stemOf(c) !== corrected) continue;
    const key = editDistance(c, word, 3) * 100 + Math.abs(c.length - word.length);
    if (key < bestKey) {
      best = c;
      bestKey = key;
    }
  }
  for (const tail of ['s', 'e', 'es']) {
    const c = corrected + tail;
    const key = editDistance(c, word, 3) * 100 + Math.abs(c.length - word.length);
    if (key < bestKey && stemOf(c) === corrected) {
      best = c;
      bestKey = key;
    }
  }
  return best;
}
