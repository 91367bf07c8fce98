// Calendar periods: ISO weeks across year ends, real dates only, neighbours and labels.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adjacentPeriod, isoWeekOf, parsePeriod, periodLabel, periodOf, periodPath } from '../src/periods.ts';

test('ISO week of a day, including the weeks that straddle a new year', () => {
  const cases: [string, string][] = [
    ['2025-12-31', '2026-W01'], // Wednesday: its Thursday is Jan 1 2026
    ['2025-12-28', '2025-W52'], // Sunday
    ['2025-12-29', '2026-W01'], // Monday
    ['2021-01-03', '2020-W53'], // 2020 has 53 weeks
    ['2024-05-27', '2024-W22'],
    ['2026-11-29', '2026-W48'],
  ];
  for (const [day, week] of cases) assert.equal(isoWeekOf(day), week, day);
});

test('periods parse only when real, and span the right days', () => {
  assert.deepEqual(parsePeriod('day', '2025-12-31'), { kind: 'day', key: '2025-12-31', from: '2025-12-31', to: '2025-12-31' });
  assert.deepEqual(parsePeriod('week', '2026-W01'), { kind: 'week', key: '2026-W01', from: '2025-12-29', to: '2026-01-04' });
  assert.deepEqual(parsePeriod('month', '2024-02'), { kind: 'month', key: '2024-02', from: '2024-02-01', to: '2024-02-29' });
  for (const [kind, bad] of [
    ['day', '2025-02-30'], ['day', '2025-13-01'], ['day', '25-12-01'], ['day', '2025-12-1'], ['day', 'yesterday'],
    ['week', '2025-W00'], ['week', '2025-W53'], ['week', '2025-W54'], ['week', '2025W01'],
    ['month', '2025-00'], ['month', '2025-13'], ['month', '2025-1'],
  ] as const) {
    assert.equal(parsePeriod(kind, bad), null, `${kind} ${bad}`);
  }
  assert.ok(parsePeriod('week', '2020-W53'), '2020 has a week 53');
});

test('adjacent periods, labels and paths', () => {
  assert.equal(adjacentPeriod(periodOf('day', '2026-01-01'), -1).key, '2025-12-31');
  assert.equal(adjacentPeriod(periodOf('week', '2025-12-31'), -1).key, '2025-W52');
  assert.equal(adjacentPeriod(periodOf('week', '2025-12-31'), 1).key, '2026-W02');
  assert.equal(adjacentPeriod(periodOf('month', '2025-12-15'), 1).key, '2026-01');
  assert.equal(periodLabel(periodOf('day', '2025-12-31')), 'December 31, 2025');
  assert.equal(periodLabel(periodOf('week', '2025-12-31')), 'Week 1 of 2026 (Dec 29 – Jan 4)');
  assert.equal(periodLabel(periodOf('month', '2025-12-31')), 'December 2025');
  assert.equal(periodPath(periodOf('day', '2025-12-31')), '/papers/date/2025-12-31');
  assert.equal(periodPath(periodOf('week', '2025-12-31')), '/papers/week/2026-W01');
  assert.equal(periodPath(periodOf('month', '2025-12-31')), '/papers/month/2025-12');
});
