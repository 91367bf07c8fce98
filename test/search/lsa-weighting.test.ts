// LSA's global term weights (idf, log-entropy) and the `--lsa` settings eval accepts.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { termWeights, trainLsa, LsaEmbedder, type Bag } from '../../src/search/lsa.ts';
import { parseLsaOptions } from '../../src/search/lsa-options.ts';
import { terms } from '../../src/search/tokenize.ts';

const bag = (pairs: [number, number][]): Bag => ({ ids: pairs.map((p) => p[0]), tfs: pairs.map((p) => p[1]) });

describe('LSA term weights', () => {
  // Four documents; term 0 once in every one, term 1 in one only, term 2 three times in one and
  // once in another, term 3 twice in each of two documents, term 4 nowhere.
  const bags = [bag([[0, 1], [1, 1], [2, 3]]), bag([[0, 1], [2, 1], [3, 2]]), bag([[0, 1], [3, 2]]), bag([[0, 1]])];
  const ln = Math.log;
  const cases: { name: string; weighting: 'idf' | 'entropy'; want: number[] }[] = [
    { name: 'idf: ln((N+1)/(df+1)) + 1', weighting: 'idf', want: [ln(5 / 5) + 1, ln(5 / 2) + 1, ln(5 / 3) + 1, ln(5 / 3) + 1, ln(5 / 1) + 1] },
    {
      name: 'entropy: 1 for a word in one document, 0 for one spread evenly over all',
      weighting: 'entropy',
      // term 2: p = 3/4 and 1/4; term 3: p = 1/2 twice (as spread as term 2's df, but evenly).
      want: [0, 1, 1 + (0.75 * ln(0.75) + 0.25 * ln(0.25)) / ln(4), 1 + ln(0.5) / ln(4), 0],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const got = [...termWeights(bags, 5, c.weighting)];
      got.forEach((g, i) => assert.ok(Math.abs(g - c.want[i]) < 1e-12, `term ${i}: ${g} ≠ ${c.want[i]}`));
    });
  }

  it('entropy weighting still learns topics', () => {
    const docs = [
      'neural network training gradient', 'network gradient descent optimizer', 'training optimizer learning rate', 'neural learning rate gradient',
      'protein folding structure', 'protein amino acid structure', 'folding amino acid chain', 'structure chain protein folding',
    ].map(terms);
    const lsa = new LsaEmbedder(trainLsa(docs, { dim: 2, minDf: 2, oversample: 4, weighting: 'entropy' }));
    const cos = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i], 0);
    const [a, b, c] = [lsa.embedTerms(terms('optimizer')), lsa.embedTerms(terms('gradient descent')), lsa.embedTerms(terms('protein'))];
    assert.ok(cos(a, b) > 0.9, `same topic ${cos(a, b)}`);
    assert.ok(cos(a, c) < 0.3, `other topic ${cos(a, c)}`);
  });
});

describe('--lsa settings', () => {
  const good: [string, object][] = [
    ['dim=384', { dim: 384 }],
    ['weighting=entropy, dim=128', { weighting: 'entropy', dim: 128 }],
    ['sigmaExponent=0.5', { sigmaExponent: 0.5 }],
    ['', {}],
  ];
  for (const [text, want] of good) it(`reads "${text}"`, () => assert.deepEqual(parseLsaOptions(text), want));
  const bad: [string, RegExp][] = [
    ['dim=0', /dim must be a whole number from 2 to 1024, got "0"/],
    ['dim=12.5', /dim must be a whole number/],
    ['dim', /dim must be/],
    ['weighting=bm25', /weighting must be idf or entropy, got "bm25"/],
    ['depth=3', /no setting "depth"/],
  ];
  for (const [text, want] of bad) it(`rejects "${text}" saying why`, () => assert.throws(() => parseLsaOptions(text), want));
});
