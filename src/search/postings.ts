// Searching a term's posting list (doc numbers ascending, one CSR segment of the keyword index):
// galloping to a target and membership tests.

/** First position in docs[from, end) whose doc is ≥ target: exponential then binary search. */
export function gallop(docs: Int32Array, from: number, end: number, target: number): number {
  if (from >= end || docs[from] >= target) return from;
  let step = 1;
  let lo = from;
  let hi = from + 1;
  while (hi < end && docs[hi] < target) {
    lo = hi;
    step <<= 1;
    hi = lo + step;
  }
  if (hi > end) hi = end;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (docs[mid] < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Membership test for a monotone stream of candidates: the range's start moves forward, so
 * testing increasing docs costs one gallop each.
 */
export function contains(docs: Int32Array, range: [number, number], doc: number): boolean {
  range[0] = gallop(docs, range[0], range[1], doc);
  return range[0] < range[1] && docs[range[0]] === doc;
}

export function containsAny(docs: Int32Array, range: [number, number], doc: number): boolean {
  const p = gallop(docs, range[0], range[1], doc);
  return p < range[1] && docs[p] === doc;
}
