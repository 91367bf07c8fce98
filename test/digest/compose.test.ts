// The pure parts of digests: choosing papers, rendering (escaping, links, both parts, headers), topics, schedule, back-off.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDigestRenderer, selectDigestPapers } from '../../src/digest/compose.ts';
import { matchesTopics, parseFrequency, parseTopics, parseEmail } from '../../src/digest/topics.ts';
import { digestWindow, dueDigestRuns, isDailySendingDay, localDayAndHour } from '../../src/digest/schedule.ts';
import { backoffMs, createThrottle } from '../../src/digest/throttle.ts';
import type { Paper, Topics } from '../../src/model.ts';
import { paperInput } from '../helpers/papers.ts';

function paper(id: string, over: Partial<Paper> = {}): Paper {
  return { ...paperInput({ id }), createdAt: 0, modifiedAt: 0, ...over } as Paper;
}
const links = { manageUrl: 'https://pb.test/subscription/M', unsubscribeUrl: 'https://pb.test/unsubscribe/U', unsubscribeMailto: 'mailto:u@pb.test?subject=unsubscribe-U' };
const none: Topics = { categories: [], keywords: [], query: null };

test('selectDigestPapers keeps trending order, filters by topics, skips papers already mailed, caps the count', () => {
  const c = [
    paper('1', { title: 'Diffusion for video', categories: ['cs.CV'] }),
    paper('2', { title: 'Agents that browse', categories: ['cs.CL'] }),
    paper('3', { title: 'More diffusion', categories: ['cs.LG'] }),
    paper('4', { title: 'Robots', categories: ['cs.RO'] }),
  ];
  const ids = (ps: Paper[]) => ps.map((p) => p.id);
  assert.deepEqual(ids(selectDigestPapers(c, none, new Set(), 10)), ['1', '2', '3', '4']);
  assert.deepEqual(ids(selectDigestPapers(c, none, new Set(['1', '2']), 10)), ['3', '4']);
  assert.deepEqual(ids(selectDigestPapers(c, none, new Set(), 2)), ['1', '2']);
  assert.deepEqual(ids(selectDigestPapers(c, { categories: ['cs.RO'], keywords: ['DIFFUSION'], query: null }, new Set(['3']), 10)), ['1', '4']);
  assert.deepEqual(ids(selectDigestPapers(c, { categories: [], keywords: [], query: 'agents browse' }, new Set(), 10)), ['2']);
  assert.deepEqual(ids(selectDigestPapers(c, { categories: ['math.OC'], keywords: [], query: null }, new Set(), 10)), []);
});

test('matchesTopics: any category, any keyword, every term of the saved search, case-insensitive', () => {
  const p = { id: '1', title: 'Sparse Attention', abstract: 'We study long CONTEXT models.', categories: ['cs.CL', 'cs.LG'] };
  const cases: [Partial<Topics>, boolean][] = [
    [{}, true],
    [{ categories: ['cs.LG'] }, true],
    [{ categories: ['cs.CV'] }, false],
    [{ keywords: ['long context'] }, true],
    [{ keywords: ['vision'] }, false],
    [{ query: 'attention context' }, true],
    [{ query: 'attention vision' }, false],
  ];
  for (const [t, want] of cases) assert.equal(matchesTopics(p, { ...none, ...t }), want, JSON.stringify(t));
});

test('parseTopics / parseFrequency / parseEmail accept forms and JSON, and name what is wrong', () => {
  assert.deepEqual(parseTopics({ categories: 'cs.CL, cs.CV,cs.CL', keywords: ['rag', ' '], query: ' ' }), { categories: ['cs.CL', 'cs.CV'], keywords: ['rag'], query: null });
  assert.throws(() => parseTopics({ categories: ['not a category!'] }), /topics\.categories: "not a category!"/);
  assert.throws(() => parseTopics('cs.CL'), /topics must be an object/);
  assert.deepEqual(parseFrequency('weekly', 'friday'), { frequency: 'weekly', weekday: 5 });
  assert.deepEqual(parseFrequency('weekly', '0'), { frequency: 'weekly', weekday: 0 });
  assert.deepEqual(parseFrequency(undefined, undefined), { frequency: 'daily', weekday: null });
  assert.throws(() => parseFrequency('hourly', null), /frequency must be "daily" or "weekly"/);
  assert.throws(() => parseFrequency('weekly', 9), /weekday/);
  assert.equal(parseEmail(' Reader@Example.ORG '), 'reader@example.org');
  assert.throws(() => parseEmail('not-an-address'), /is not an email address/);
});

test('a digest escapes titles, links paper pages from PUBLIC_URL, has preview text, both parts and RFC 8058 headers', () => {
  const r = createDigestRenderer({ publicUrl: 'https://pb.test', period: 'daily', dueOn: '2025-12-02' });
  const d = r.compose(
    [
      paper('2512.00001', { title: '<script>alert(1)</script> & Friends', authors: ['A', 'B', 'C', 'D'], abstract: 'Abstract <i>x</i>' }),
      paper('hep-th/9901001', { title: 'Old\n  style' }),
    ],
    links,
  );
  assert.ok(!d.html.includes('<script>'));
  assert.ok(d.html.includes('&lt;script&gt;alert(1)&lt;/script&gt; &amp; Friends'));
  assert.ok(d.html.includes('Abstract &lt;i&gt;x&lt;/i&gt;'));
  assert.ok(d.html.includes('href="https://pb.test/papers/2512.00001"'));
  assert.ok(d.html.includes('href="https://pb.test/papers/hep-th/9901001"'));
  assert.ok(d.html.includes('<meta name="color-scheme" content="light dark">'));
  assert.match(d.html, /<table role="presentation"/);
  assert.ok(d.text.includes('1. <script>alert(1)</script> & Friends\nA, B, C et al.'));
  assert.ok(d.text.includes('2. Old style\nhttps://pb.test/papers/hep-th/9901001'));
  assert.ok(d.text.includes('Unsubscribe: https://pb.test/unsubscribe/U'));
  assert.equal(d.subject, 'Daily trending: <script>alert(1)</script> & Friends and 1 more');
  assert.equal(d.preview, '<script>alert(1)</script> & Friends · Old style');
  assert.equal(d.headers['List-Unsubscribe'], '<https://pb.test/unsubscribe/U>, <mailto:u@pb.test?subject=unsubscribe-U>');
  assert.equal(d.headers['List-Unsubscribe-Post'], 'List-Unsubscribe=One-Click');
  assert.throws(() => r.compose([], links), /empty digest/);
});

test('schedule: windows, weekends, due runs at the send hour in the configured time zone', () => {
  assert.deepEqual(digestWindow('daily', '2025-12-02', false), { from: '2025-12-01', to: '2025-12-02' });
  assert.deepEqual(digestWindow('daily', '2025-12-01', false), { from: '2025-11-28', to: '2025-12-01' }, 'Monday covers Fri-Sun');
  assert.deepEqual(digestWindow('daily', '2025-12-01', true), { from: '2025-11-30', to: '2025-12-01' });
  assert.deepEqual(digestWindow('weekly', '2025-12-01', false), { from: '2025-11-24', to: '2025-12-01' });
  assert.equal(isDailySendingDay('2025-11-29', false), false);
  assert.equal(isDailySendingDay('2025-11-29', true), true);
  // 2025-12-02 05:30 UTC is 06:30 in Berlin and 00:30 in New York.
  const at = Date.parse('2025-12-02T05:30:00Z');
  assert.deepEqual(localDayAndHour(at, 'Europe/Berlin'), { day: '2025-12-02', hour: 6 });
  assert.deepEqual(localDayAndHour(at, 'America/New_York'), { day: '2025-12-02', hour: 0 });
  assert.deepEqual(dueDigestRuns(at, { timeZone: 'Europe/Berlin', sendHour: 7, weekends: false }), []);
  assert.deepEqual(dueDigestRuns(at, { timeZone: 'Europe/Berlin', sendHour: 6, weekends: false }), [
    { period: 'daily', dueOn: '2025-12-02' },
    { period: 'weekly', dueOn: '2025-12-02' },
  ]);
  assert.deepEqual(dueDigestRuns(Date.parse('2025-11-29T12:00:00Z'), { timeZone: 'UTC', sendHour: 7, weekends: false }), [{ period: 'weekly', dueOn: '2025-11-29' }]);
});

test('back-off doubles per attempt within [half, full], capped; the throttle spaces sends', async () => {
  assert.equal(backoffMs(1, 1000, 60_000, () => 0), 500);
  assert.equal(backoffMs(1, 1000, 60_000, () => 1), 1000);
  assert.equal(backoffMs(4, 1000, 60_000, () => 1), 8000);
  assert.equal(backoffMs(20, 1000, 60_000, () => 1), 60_000);
  let now = 0;
  const slept: number[] = [];
  const throttle = createThrottle(4, () => now, async (ms) => {
    slept.push(ms);
  });
  for (let i = 0; i < 4; i++) await throttle();
  assert.deepEqual(slept, [250, 500, 750]);
  now = 10_000;
  await throttle();
  assert.deepEqual(slept.length, 3, 'no wait after an idle period');
});
