// BERT WordPiece tokenization (lowercasing, accent stripping, punctuation split, greedy ## subwords).

export class WordPieceTokenizer {
  private readonly ids = new Map<string, number>();
  private readonly unk: number;
  private readonly cls: number | null;
  private readonly sep: number | null;

  constructor(vocab: string[]) {
    vocab.forEach((t, i) => {
      if (t !== '' && !this.ids.has(t)) this.ids.set(t, i);
    });
    this.unk = this.ids.get('[UNK]') ?? 0;
    this.cls = this.ids.get('[CLS]') ?? null;
    this.sep = this.ids.get('[SEP]') ?? null;
  }

  /** Token ids with [CLS] … [SEP] when the vocabulary has them, cut to maxTokens. */
  encode(text: string, maxTokens: number): number[] {
    const body: number[] = [];
    const words = text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase().match(/[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu) ?? [];
    const room = maxTokens - (this.cls !== null ? 1 : 0) - (this.sep !== null ? 1 : 0);
    for (const w of words) {
      if (body.length >= room) break;
      body.push(...this.pieces(w));
    }
    const out = body.slice(0, Math.max(0, room));
    if (this.cls !== null) out.unshift(this.cls);
    if (this.sep !== null) out.push(this.sep);
    return out;
  }

  private pieces(word: string): number[] {
    if (word.length > 100) return [this.unk];
    const out: number[] = [];
    let start = 0;
    while (start < word.length) {
      let end = word.length;
      let found = -1;
      while (end > start) {
        const piece = (start > 0 ? '##' : '') + word.slice(start, end);
        const id = this.ids.get(piece);
        if (id !== undefined) {
          found = id;
          break;
        }
        end--;
      }
      if (found < 0) return [this.unk];
      out.push(found);
      start = end;
    }
    return out;
  }
}
