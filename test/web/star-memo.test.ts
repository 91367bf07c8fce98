// The kept star histories and drawings (web/star-memo.ts) between their reads: what a request
// found kept stays its own while other requests move the version or evict, the memory is bounded,
// and what is handed out is what would be drawn afresh. (The pages and the database side:
// test/web/uncached-memos.test.ts, test/store/star-data-version.test.ts.)
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createStarMemo } from '../../src/web/star-memo.ts';
import { renderSparkline, renderStarChart } from '../../src/web/components/star-chart.ts';
import type { StarHistory } from '../../src/store/page-reads.ts';

const DAY = 86_400_000;
const history = (stars: number): StarHistory => [0, 1, 2].map((d) => ({ at: Date.parse('2025-12-01T00:00:00Z') + d * DAY, stars: stars + d }));
const ids = Array.from({ length: 40 }, (_, i) => `2512.${String(i).padStart(5, '0')}`);

describe('kept star histories and drawings', () => {
  test('drawn as afresh; kept ones are left out of the next read and still drawn; a new version reads and draws again', () => {
    const memo = createStarMemo();
    const first = memo.known();
    assert.ok(!first.has(ids[0]!), 'nothing kept yet');
    const read = new Map(ids.slice(0, 3).map((id, i) => [id, history(10 * i)] as const));
    const drawn = memo.sparklines(ids.slice(0, 4), first, { version: 7, histories: read });
    assert.deepEqual([...drawn.keys()], ids.slice(0, 3), 'the paper without history has no sparkline');
    assert.equal(drawn.get(ids[1]!)!.svg, renderSparkline(history(10)));
    const next = memo.known();
    assert.equal(next.version, 7);
    assert.ok(ids.slice(0, 4).every((id) => next.has(id)), 'all four kept, the one without history too');
    // The read left them out (the version was still 7): the same drawings, with the same keys.
    const again = memo.sparklines(ids.slice(0, 4), next, { version: 7, histories: new Map() });
    assert.deepEqual(again, drawn);
    // The version moved: the read brought every history again.
    const moved = memo.known();
    const changed = memo.sparklines(ids.slice(0, 4), moved, { version: 8, histories: new Map([[ids[1]!, history(500)]]) });
    assert.deepEqual([...changed.keys()], [ids[1]]);
    assert.equal(changed.get(ids[1]!)!.svg, renderSparkline(history(500)));
    assert.notEqual(changed.get(ids[1]!)!.key, drawn.get(ids[1]!)!.key, "a changed sparkline changes its row's key");
    assert.equal(memo.known().version, 8);
  });

  test("what a request found kept is its own while another request moves the version", () => {
    const memo = createStarMemo();
    memo.sparklines([ids[0]!], memo.known(), { version: 1, histories: new Map([[ids[0]!, history(1)]]) });
    const slow = memo.known();
    assert.ok(slow.has(ids[0]!));
    // Another request reads version 2 meanwhile; the slow one's read still answered as of version 1, without the history.
    memo.sparklines([ids[0]!], memo.known(), { version: 2, histories: new Map([[ids[0]!, history(2)]]) });
    assert.equal(memo.sparklines([ids[0]!], slow, { version: 1, histories: new Map() }).get(ids[0]!)!.svg, renderSparkline(history(1)));
  });

  test('the paper page chart: kept, redrawn for a renamed repository from the kept history', () => {
    const memo = createStarMemo();
    const svg = memo.chart(ids[0]!, 'a/one', memo.known(), { starVersion: 3, history: history(40) });
    assert.equal(svg, renderStarChart(history(40), { repo: 'a/one', id: ids[0]! }));
    const known = memo.known();
    assert.equal(memo.versionFor(known, ids[0]!), 3);
    assert.equal(memo.chart(ids[0]!, 'a/one', known, { starVersion: 3, history: [] }), svg);
    const renamed = memo.known();
    assert.equal(memo.versionFor(renamed, ids[0]!), 3, 'the history is kept: the read leaves it out');
    assert.equal(memo.chart(ids[0]!, 'a/two', renamed, { starVersion: 3, history: [] }), renderStarChart(history(40), { repo: 'a/two', id: ids[0]! }));
  });

  test('memory is bounded: the least recently used go first', () => {
    const memo = createStarMemo({ maxBytes: 8_000 });
    for (const id of ids) memo.sparklines([id], memo.known(), { version: 1, histories: new Map([[id, history(100)]]) });
    const known = memo.known();
    const kept = ids.filter((id) => known.has(id));
    assert.ok(kept.length > 0 && kept.length < ids.length, `some kept, not all: ${kept.length}`);
    assert.deepEqual(kept, ids.slice(ids.length - kept.length), 'the latest ones');
  });
});
