// Table tests of Spearman's rank correlation.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { averageRanks, spearman } from '../../src/trending/spearman.ts';

describe('spearman', () => {
  const cases: { name: string; xs: number[]; ys: number[]; rho: number | null }[] = [
    { name: 'same order', xs: [1, 2, 3, 4], ys: [10, 20, 30, 400], rho: 1 },
    { name: 'reversed', xs: [1, 2, 3, 4], ys: [4, 3, 2, 1], rho: -1 },
    { name: 'textbook example', xs: [106, 86, 100, 101, 99, 103, 97, 113, 112, 110], ys: [7, 0, 27, 50, 28, 29, 20, 12, 6, 17], rho: -0.17575757575757575 },
    { name: 'a constant side is undefined', xs: [1, 2, 3], ys: [5, 5, 5], rho: null },
    { name: 'one item is undefined', xs: [1], ys: [1], rho: null },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const rho = spearman(c.xs, c.ys);
      if (c.rho === null) assert.equal(rho, null);
      else assert.ok(Math.abs(rho! - c.rho) < 1e-12, `${rho} ≠ ${c.rho}`);
    });
  }
  it('ties share the average rank', () => assert.deepEqual(averageRanks([10, 20, 10, 30]), [1.5, 3, 1.5, 4]));
});
