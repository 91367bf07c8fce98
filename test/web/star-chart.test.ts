// Table tests of the server-rendered star charts.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { renderSparkline, renderStarChart, starTicks } from '../../src/web/components/star-chart.ts';

const D = (day: string) => Date.parse(`${day}T00:00:00Z`);

describe('renderSparkline', () => {
  const cases: { name: string; points: { at: number; stars: number }[]; expect: RegExp | '' }[] = [
    { name: 'no history draws nothing', points: [], expect: '' },
    {
      name: 'rising stars: left-bottom to right-top, labelled in words',
      points: [{ at: D('2025-12-01'), stars: 100 }, { at: D('2025-12-02'), stars: 200 }, { at: D('2025-12-03'), stars: 412 }],
      expect: /aria-label="GitHub stars from 100 on 2025-12-01 to 412 on 2025-12-03".*points="1,19 40,13.2 79,1"/,
    },
    { name: 'one snapshot is the count as text, no line', points: [{ at: D('2025-12-01'), stars: 7 }], expect: /^<span class="star-change" title="7 GitHub stars on 2025-12-01">★ 7<\/span>$/ },
    {
      name: 'two snapshots are the change as text, no line',
      points: [{ at: D('2025-12-01'), stars: 100 }, { at: D('2025-12-03'), stars: 412 }],
      expect: /^<span class="star-change"[^>]*>\+312 ★ since 2025-12-01<\/span>$/,
    },
    {
      name: 'out-of-order points are sorted; a loss goes down',
      points: [{ at: D('2025-12-03'), stars: 90 }, { at: D('2025-12-01'), stars: 100 }, { at: D('2025-12-02'), stars: 95 }],
      expect: /points="1,1 40,10 79,19"/,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const svg = renderSparkline(c.points);
      if (c.expect === '') assert.equal(svg, '');
      else assert.match(svg, c.expect);
    });
  }
});

describe('renderStarChart', () => {
  it('has an accessible title and description, round ticks from 0 and both dates', () => {
    const svg = renderStarChart([{ at: D('2025-11-01'), stars: 1200 }, { at: D('2025-11-15'), stars: 2000 }, { at: D('2025-12-01'), stars: 3400 }], { repo: 'lab/agents', id: '2512.00001' });
    assert.match(svg, /role="img" aria-labelledby="stars-title-2512-00001 stars-desc-2512-00001"/);
    assert.match(svg, /<title id="stars-title-2512-00001">GitHub stars of lab\/agents<\/title>/);
    assert.match(svg, /<desc id="stars-desc-2512-00001">GitHub stars from 1,200 on 2025-11-01 to 3,400 on 2025-12-01, 3 snapshots.<\/desc>/);
    assert.doesNotMatch(svg, /<svg[^>]* width=/, 'scales to its container instead of a fixed width');
    for (const tick of ['>0<', '>1,000<', '>2,000<', '>3,000<', '>4,000<', '>2025-11-01<', '>2025-12-01<']) assert.ok(svg.includes(tick), tick);
  });
  it('says the count in words until there are enough snapshots to draw', () => {
    const svg = renderStarChart([{ at: D('2025-12-01'), stars: 80 }], { repo: 'lab/agents', id: 'x' });
    assert.match(svg, /80 GitHub stars on 2025-12-01/);
    assert.match(svg, /The chart appears after 3 snapshots/);
    assert.doesNotMatch(svg, /<polyline/);
  });
  it('escapes the repository name', () => {
    assert.match(renderStarChart([], { repo: '<script>"x"', id: 'a' }), /GitHub stars of &lt;script&gt;&quot;x&quot;<\/title>.*No star history yet/);
  });
});

describe('starTicks', () => {
  const cases: [number, number[]][] = [
    [0, [0, 1]],
    [7, [0, 2, 4, 6, 8]],
    [412, [0, 200, 400, 600]],
    [3400, [0, 1000, 2000, 3000, 4000]],
  ];
  for (const [max, ticks] of cases) it(`${max} → ${ticks.join(', ')}`, () => assert.deepEqual(starTicks(max), ticks));
});
