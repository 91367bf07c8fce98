// nDCG@10, Recall@100 and TREC run files, checked against hand-computed values.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateRun, formatTrecRun, ndcgAt, recallAt } from '../../src/search/metrics.ts';

const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-9, `${a} ≈ ${b}`);

describe('retrieval metrics', () => {
  const cases: { name: string; ranked: string[]; judged: [string, number][]; ndcg: number; recall: number }[] = [
    { name: 'perfect single', ranked: ['a', 'b'], judged: [['a', 1]], ndcg: 1, recall: 1 },
    { name: 'relevant at rank 2', ranked: ['x', 'a'], judged: [['a', 1]], ndcg: 1 / Math.log2(3), recall: 1 },
    { name: 'nothing found', ranked: ['x', 'y'], judged: [['a', 1]], ndcg: 0, recall: 0 },
    {
      name: 'two relevant, one found at rank 3',
      ranked: ['x', 'y', 'b'],
      judged: [['a', 1], ['b', 1]],
      ndcg: 1 / Math.log2(4) / (1 + 1 / Math.log2(3)),
      recall: 0.5,
    },
    { name: 'graded gains are linear', ranked: ['b', 'a'], judged: [['a', 2], ['b', 1]], ndcg: (1 + 2 / Math.log2(3)) / (2 + 1 / Math.log2(3)), recall: 1 },
    { name: 'zero judgments do not count as relevant', ranked: ['z'], judged: [['a', 1], ['z', 0]], ndcg: 0, recall: 0 },
  ];
  for (const c of cases) {
    it(c.name, () => {
      close(ndcgAt(10, c.ranked, new Map(c.judged)), c.ndcg);
      close(recallAt(100, c.ranked, new Map(c.judged)), c.recall);
    });
  }

  it('cuts nDCG at 10 and recall at 100', () => {
    const ranked = [...Array(200).keys()].map((i) => `d${i}`);
    assert.equal(ndcgAt(10, ranked, new Map([['d10', 1]])), 0);
    assert.equal(recallAt(100, ranked, new Map([['d100', 1]])), 0);
    assert.equal(recallAt(100, ranked, new Map([['d99', 1]])), 1);
  });

  it('averages over judged queries; an unanswered query scores 0', () => {
    const qrels = new Map([
      ['q1', new Map([['a', 1]])],
      ['q2', new Map([['b', 1]])],
    ]);
    const run = new Map([['q1', [{ id: 'a', score: 3 }]]]);
    const m = evaluateRun(run, qrels);
    assert.equal(m.queries, 2);
    close(m.ndcg10, 0.5);
    close(m.recall100, 0.5);
  });

  it('writes TREC run lines: qid Q0 docid rank score tag', () => {
    const text = formatTrecRun(new Map([['7', [{ id: 'd1', score: 2.5 }, { id: 'd2', score: 1 }]]]), 'bm25');
    assert.equal(text, '7 Q0 d1 1 2.500000 bm25\n7 Q0 d2 2 1.000000 bm25\n');
  });
});
