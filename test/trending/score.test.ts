// Table tests of the trending formula and its explanation.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  compareTrending,
  explainTrending,
  recencyFactor,
  trendingScore,
  type TrendingInput,
} from '../../src/trending/score.ts';

const DAY = 86_400_000;
const week = (o: Partial<TrendingInput>): TrendingInput => ({ window: 'week', starDelta: null, upvotes: 0, ageMs: 3 * DAY, ...o });

describe('trendingScore', () => {
  const cases: { name: string; input: TrendingInput; score: number }[] = [
    { name: 'nothing happened', input: week({}), score: 0 },
    { name: 'brand-new paper, no activity yet', input: week({ ageMs: 0 }), score: 0 },
    { name: 'brand-new paper, 3 upvotes: full recency', input: week({ ageMs: 0, upvotes: 3 }), score: 4 },
    { name: '7 stars at one half-life', input: week({ starDelta: 7, ageMs: 7 * DAY }), score: 1.5 },
    { name: 'no code: upvotes alone', input: week({ starDelta: null, upvotes: 15, ageMs: 0 }), score: 8 },
    { name: 'lost stars clamp to zero', input: week({ starDelta: -40, upvotes: 1, ageMs: 0 }), score: 2 },
    { name: 'a published-later paper (negative age) is brand new', input: week({ upvotes: 1, ageMs: -DAY }), score: 2 },
    { name: 'old paper keeps the recency floor', input: week({ starDelta: 1023, ageMs: 400 * DAY }), score: 1 },
    { name: 'day window halves every 2 days', input: { window: 'day', starDelta: 3, upvotes: 0, ageMs: 2 * DAY }, score: 1 },
    { name: 'month window halves every 30 days', input: { window: 'month', starDelta: 0, upvotes: 3, ageMs: 30 * DAY }, score: 2 },
  ];
  for (const c of cases) {
    it(c.name, () => assert.ok(Math.abs(trendingScore(c.input).score - c.score) < 1e-9, `${trendingScore(c.input).score} ≠ ${c.score}`));
  }

  it('a paper that lost stars ranks no lower than the same paper without code', () => {
    const lost = trendingScore(week({ starDelta: -500, upvotes: 4 }));
    const noCode = trendingScore(week({ starDelta: null, upvotes: 4 }));
    assert.equal(lost.score, noCode.score);
    assert.equal(lost.parts.stars, 0);
    assert.equal(lost.parts.starDelta, -500);
  });

  it('the newer of two equally active papers wins', () => {
    assert.ok(trendingScore(week({ upvotes: 9, ageMs: DAY })).score > trendingScore(week({ upvotes: 9, ageMs: 5 * DAY })).score);
  });

  it('stars are log-damped: 10x the stars is far less than 10x the score', () => {
    const a = trendingScore(week({ starDelta: 100 })).score;
    const b = trendingScore(week({ starDelta: 1000 })).score;
    assert.ok(b > a && b < 2 * a);
  });

  it('recency stays within [0.1, 1]', () => {
    for (const age of [-DAY, 0, DAY, 100 * DAY, 10_000 * DAY]) {
      const r = recencyFactor('day', age);
      assert.ok(r >= 0.1 && r <= 1);
    }
  });
});

describe('compareTrending', () => {
  it('sorts by score, ties by id ascending', () => {
    const rows = [
      { id: '2501.00003', score: 2 },
      { id: '2501.00002', score: 5 },
      { id: '2501.00001', score: 2 },
      { id: '2412.99999', score: 2 },
    ];
    assert.deepEqual(rows.sort(compareTrending).map((r) => r.id), ['2501.00002', '2412.99999', '2501.00001', '2501.00003']);
  });
});

describe('explainTrending', () => {
  const cases: { name: string; input: TrendingInput; text: string }[] = [
    { name: 'the usual row', input: week({ starDelta: 312, upvotes: 45, ageMs: 3 * DAY + 5 }), text: '+312 stars this week · 45 upvotes · 3 days old' },
    { name: 'no code', input: week({ upvotes: 1, ageMs: DAY }), text: 'no code · 1 upvote · 1 day old' },
    { name: 'lost stars', input: { window: 'day', starDelta: -12, upvotes: 0, ageMs: 0 }, text: '−12 stars today, not counted · 0 upvotes · new today' },
    { name: 'thousands and months', input: { window: 'month', starDelta: 1500, upvotes: 2, ageMs: 90 * DAY }, text: '+1,500 stars this month · 2 upvotes · 2 months old' },
    { name: 'one star, years old', input: week({ starDelta: 1, ageMs: 800 * DAY }), text: '+1 star this week · 0 upvotes · 2 years old' },
  ];
  for (const c of cases) it(c.name, () => assert.equal(explainTrending(trendingScore(c.input).parts), c.text));
});
