// Retrieval metrics as BEIR/trec_eval compute them: nDCG@k (linear gain) and Recall@k.

/** Judgments: query id → (doc id → graded relevance; > 0 means relevant). */
export type Qrels = Map<string, Map<string, number>>;
/** A ranking: query id → doc ids best first (with scores for run files). */
export type Run = Map<string, { id: string; score: number }[]>;

/** nDCG@k of one ranking: DCG with gain rel/log2(rank+1), over the ideal DCG from the judgments. */
export function ndcgAt(k: number, ranked: readonly string[], judged: ReadonlyMap<string, number>): number {
  let dcg = 0;
  for (let i = 0; i < Math.min(k, ranked.length); i++) {
    const rel = judged.get(ranked[i]) ?? 0;
    if (rel > 0) dcg += rel / Math.log2(i + 2);
  }
  const ideal = [...judged.values()].filter((r) => r > 0).sort((a, b) => b - a);
  let idcg = 0;
  for (let i = 0; i < Math.min(k, ideal.length); i++) idcg += ideal[i] / Math.log2(i + 2);
  return idcg === 0 ? 0 : dcg / idcg;
}

/** Share of the relevant documents found in the first k. */
export function recallAt(k: number, ranked: readonly string[], judged: ReadonlyMap<string, number>): number {
  const relevant = [...judged].filter(([, r]) => r > 0).map(([id]) => id);
  if (relevant.length === 0) return 0;
  const top = new Set(ranked.slice(0, k));
  return relevant.filter((id) => top.has(id)).length / relevant.length;
}

/** Mean nDCG@10 and Recall@100 over the judged queries (a query with no ranking scores 0). */
export function evaluateRun(run: Run, qrels: Qrels, qids: Iterable<string> = qrels.keys()): { ndcg10: number; recall100: number; queries: number } {
  let ndcg = 0;
  let recall = 0;
  let n = 0;
  for (const qid of qids) {
    const judged = qrels.get(qid);
    if (!judged) continue;
    const ranked = (run.get(qid) ?? []).map((h) => h.id);
    ndcg += ndcgAt(10, ranked, judged);
    recall += recallAt(100, ranked, judged);
    n++;
  }
  return { ndcg10: n ? ndcg / n : 0, recall100: n ? recall / n : 0, queries: n };
}

/** A TREC run file: `qid Q0 docid rank score tag` per line. */
export function formatTrecRun(run: Run, tag: string): string {
  const lines: string[] = [];
  for (const [qid, hits] of run) hits.forEach((h, i) => lines.push(`${qid} Q0 ${h.id} ${i + 1} ${h.score.toFixed(6)} ${tag}`));
  return lines.join('\n') + (lines.length ? '\n' : '');
}
