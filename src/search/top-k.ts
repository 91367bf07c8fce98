// A fixed-size min-heap of (score, doc): keeps the k best of a stream in O(log k) per push.

export class TopK {
  readonly scores: Float64Array;
  readonly docs: Int32Array;
  size = 0;
  constructor(readonly k: number) {
    this.scores = new Float64Array(Math.max(1, k));
    this.docs = new Int32Array(Math.max(1, k));
  }
  /** The score a newcomer must beat once the heap is full (−∞ before). */
  threshold(): number {
    return this.size < this.k ? -Infinity : this.scores[0];
  }
  push(score: number, doc: number): void {
    if (this.size < this.k) {
      let i = this.size++;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (!worse(score, doc, this.scores[p], this.docs[p])) break;
        this.scores[i] = this.scores[p];
        this.docs[i] = this.docs[p];
        i = p;
      }
      this.scores[i] = score;
      this.docs[i] = doc;
      return;
    }
    if (!worse(this.scores[0], this.docs[0], score, doc)) return;
    // Replace the root and sift down.
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= this.size) break;
      const r = l + 1;
      const c = r < this.size && worse(this.scores[r], this.docs[r], this.scores[l], this.docs[l]) ? r : l;
      if (!worse(this.scores[c], this.docs[c], score, doc)) break;
      this.scores[i] = this.scores[c];
      this.docs[i] = this.docs[c];
      i = c;
    }
    this.scores[i] = score;
    this.docs[i] = doc;
  }
  /** Best first. Ties go to the older document so results are stable across runs. */
  sorted(): { doc: number; score: number }[] {
    const out: { doc: number; score: number }[] = [];
    for (let i = 0; i < this.size; i++) out.push({ doc: this.docs[i], score: this.scores[i] });
    return out.sort((a, b) => b.score - a.score || a.doc - b.doc);
  }
}

/** Is (s1, d1) ranked below (s2, d2)? Lower score, or same score and newer doc. */
function worse(s1: number, d1: number, s2: number, d2: number): boolean {
  return s1 < s2 || (s1 === s2 && d1 > d2);
}
