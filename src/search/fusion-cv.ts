// Cross-validated choice of the hybrid fusion rule over several BEIR sets: each fold's rule is
// chosen on the other folds of every set, so the reported figures are on queries it never saw.
import type { ScoredDoc } from './keyword-index.ts';
import type { Fuser } from './rank.ts';
import type { SearchService } from './service.ts';
import { agreementWeight, fuseRanks, fuseScores, fuseZScores } from './fusion.ts';
import { evaluateRun, type Qrels, type Run } from './metrics.ts';
import type { EvalData } from './evaluate.ts';

/** One query's two candidate lists and every candidate's cosine, as hybrid ranking saw them. */
export interface CapturedQuery {
  qid: string;
  keyword: ScoredDoc[];
  semantic: ScoredDoc[];
  cosine: Map<number, number>;
  ids: Map<number, string>;
}

export interface FusionRule {
  name: string;
  fuse: Fuser;
}

/**
 * Runs each judged query once through the production hybrid path with a fuser that records its
 * inputs instead of fusing; every rule is then replayed on the records, exactly as it would rank.
 */
export async function captureCandidates(service: SearchService, data: EvalData, k = 100): Promise<CapturedQuery[]> {
  const out: CapturedQuery[] = [];
  for (const qid of data.qrels.keys()) {
    const text = data.queries.get(qid);
    if (text === undefined) continue;
    let captured: Omit<CapturedQuery, 'ids' | 'qid'> | null = null;
    let order: number[] = [];
    const capture: Fuser = (keyword, semantic, scoreOf) => {
      const cosine = new Map<number, number>();
      for (const h of [...keyword, ...semantic]) if (!cosine.has(h.doc)) cosine.set(h.doc, scoreOf(h.doc));
      captured = { keyword: [...keyword], semantic: [...semantic], cosine };
      order = [...cosine.keys()];
      // Every candidate, in a known order, so the returned ids name the document numbers.
      return order.map((doc, i) => ({ doc, score: order.length - i }));
    };
    // Every candidate comes back (k is large), from the depth a top-k hybrid search uses.
    const ranked = await service.rank(text, 'hybrid', 1_000_000, undefined, { fuse: capture, depth: k });
    const c = captured as Omit<CapturedQuery, 'ids' | 'qid'> | null;
    if (!c) {
      // No semantic side for this query (nothing the embedder knows): keyword alone.
      const kw = await service.rank(text, 'keyword', k);
      const ids = new Map(kw.map((h, i) => [i, h.id] as const));
      out.push({ qid, keyword: kw.map((h, i) => ({ doc: i, score: h.score })), semantic: [], cosine: new Map(), ids });
      continue;
    }
    out.push({ qid, ...c, ids: new Map(order.map((doc, i) => [doc, ranked[i].id] as const)) });
  }
  return out;
}

/** The rules compared: weighted min-max (today's), z-score, RRF, and agreement-scaled min-max. */
export function fusionRules(): FusionRule[] {
  const rules: FusionRule[] = [{ name: 'keyword only', fuse: (k) => [...k] }];
  for (const w of [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5]) {
    rules.push({ name: `min-max w=${w}`, fuse: (k, s, c) => fuseScores(k, s, w, c) });
    rules.push({ name: `z-score w=${w}`, fuse: (k, s, c) => fuseZScores(k, s, w, c) });
    rules.push({ name: `RRF w=${w}`, fuse: (k, s) => fuseRanks(k, s, w) });
    for (const floor of [0, 0.5]) rules.push({ name: `agreement min-max w=${w} floor=${floor}`, fuse: (k, s, c) => fuseScores(k, s, agreementWeight(k, s, w, floor), c) });
  }
  return rules;
}

/** A rule's run over captured queries, top k. */
export function replay(captured: readonly CapturedQuery[], fuse: Fuser, k = 100): Run {
  const run: Run = new Map();
  for (const q of captured) {
    const fused = fuse(q.keyword, q.semantic, (doc) => q.cosine.get(doc) ?? 0);
    run.set(q.qid, fused.slice(0, k).map((h) => ({ id: q.ids.get(h.doc)!, score: h.score })));
  }
  return run;
}

export interface EvalSet {
  name: string;
  captured: CapturedQuery[];
  qrels: Qrels;
}

export interface FoldResult {
  fold: number;
  rule: string;
  /** Per set: nDCG@10 on this fold's held-out queries, keyword alone and with the chosen rule. */
  sets: { name: string; queries: number; keyword: number; hybrid: number }[];
}

/** Fold of a query: by position, so both sets' folds are fixed and reproducible. */
function foldOf(i: number, folds: number): number {
  return i % folds;
}

/**
 * How a rule is chosen on the training folds. `mean`: best mean nDCG@10 (averaged per set, so a
 * larger set does not outvote a smaller one). `maximin`: best worst-case gain over keyword alone
 * across every (set, training fold) pair, then best mean: a rule that never loses to keyword on
 * the queries it was chosen on, which is what "hybrid holds on unseen queries" asks for.
 */
export type Objective = 'mean' | 'maximin';

/** K-fold cross-validation: each fold is scored with the rule chosen on the other folds of every set. */
export function crossValidate(sets: readonly EvalSet[], rules: readonly FusionRule[], folds = 5, objective: Objective = 'maximin'): { folds: FoldResult[]; chosenOnAll: string } {
  const runs = rules.map((r) => sets.map((s) => replay(s.captured, r.fuse)));
  const qids = sets.map((s) => s.captured.map((q) => q.qid));
  const foldQids = sets.map((_, i) => Array.from({ length: folds }, (_, f) => qids[i].filter((_, j) => foldOf(j, folds) === f)));
  // nDCG@10 of rule r on set i, fold f; rule 0 is keyword alone.
  const cell = rules.map((_, r) => sets.map((s, i) => foldQids[i].map((q) => evaluateRun(runs[r][i], s.qrels, q).ndcg10)));
  const pick = (train: number[]): number => {
    let best = 0;
    let bestKey: [number, number] = [-Infinity, -Infinity];
    rules.forEach((_, r) => {
      let mean = 0;
      let worst = Infinity;
      sets.forEach((s, i) => {
        let sum = 0;
        let n = 0;
        for (const f of train) {
          const q = foldQids[i][f].length;
          sum += cell[r][i][f] * q;
          n += q;
          worst = Math.min(worst, cell[r][i][f] - cell[0][i][f]);
        }
        mean += n ? sum / n : 0;
      });
      const key: [number, number] = objective === 'maximin' ? [worst, mean] : [mean, 0];
      if (key[0] > bestKey[0] + 1e-9 || (Math.abs(key[0] - bestKey[0]) <= 1e-9 && key[1] > bestKey[1] + 1e-9)) {
        best = r;
        bestKey = key;
      }
    });
    return best;
  };
  const all = Array.from({ length: folds }, (_, f) => f);
  const results: FoldResult[] = all.map((f) => {
    const r = pick(all.filter((g) => g !== f));
    return {
      fold: f + 1,
      rule: rules[r].name,
      sets: sets.map((s, i) => ({ name: s.name, queries: foldQids[i][f].length, keyword: cell[0][i][f], hybrid: cell[r][i][f] })),
    };
  });
  return { folds: results, chosenOnAll: rules[pick(all)].name };
}
