// Pure rules: reading arXiv references and the submission rules with their one-sentence refusals.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseArxivRef } from '../../src/community/arxiv-ref.ts';
import { refuseSubmission, type SubmissionCheck } from '../../src/community/submission-rules.ts';
import { handleFromEmail } from '../../src/community/accounts.ts';

test('arXiv ids and URLs people paste are read; anything else is not', () => {
  const cases: [string, string | null][] = [
    ['2503.12533', '2503.12533'],
    [' 2503.12533v2 ', '2503.12533'],
    ['arXiv:2503.12533', '2503.12533'],
    ['https://arxiv.org/abs/2503.12533v1', '2503.12533'],
    ['http://arxiv.org/pdf/2503.12533.pdf', '2503.12533'],
    ['https://arxiv.org/pdf/2503.12533v3', '2503.12533'],
    ['arxiv.org/abs/2503.12533?context=cs', '2503.12533'],
    ['https://huggingface.co/papers/2503.12533', '2503.12533'],
    ['https://arxiv.org/abs/hep-th/9901001', 'hep-th/9901001'],
    ['math.GT/0309136', 'math/0309136'],
    ['1234.5', null],
    ['https://example.org/abs/2503.12533', null],
    ['', null],
    ['2503.12533; DROP TABLE papers', null],
  ];
  for (const [input, want] of cases) assert.equal(parseArxivRef(input), want, input);
});

const NOW = Date.UTC(2026, 10, 29, 12);
const DAY = 86_400_000;
const base: SubmissionCheck = {
  paperId: '2511.00001',
  paper: { publishedAt: NOW - 3 * DAY, featuredOn: null, hiddenAt: null },
  isCurator: false,
  submittedToday: 0,
  now: NOW,
  windowDays: 14,
  perDay: 3,
};

test('submission rules: each refusal is one sentence naming the reason; curators bypass age and cap', () => {
  const cases: [string, Partial<SubmissionCheck>, RegExp | null][] = [
    ['fresh paper', {}, null],
    ['not in catalog', { paper: null }, /could not be found/],
    ['already featured', { paper: { ...base.paper!, featuredOn: '2026-11-20' } }, /already on Daily Papers \(featured on 2026-11-20\)/],
    ['too old', { paper: { ...base.paper!, publishedAt: NOW - 20 * DAY } }, /published 20 days ago; only papers from the last 14 days/],
    ['exactly 14 days', { paper: { ...base.paper!, publishedAt: NOW - 14 * DAY } }, null],
    ['daily cap', { submittedToday: 3 }, /today's limit of 3 submissions/],
    ['hidden', { paper: { ...base.paper!, hiddenAt: 1 } }, /removed by a moderator/],
    ['curator, old, over cap', { isCurator: true, submittedToday: 99, paper: { ...base.paper!, publishedAt: NOW - 400 * DAY } }, null],
    ['curator, duplicate', { isCurator: true, paper: { ...base.paper!, featuredOn: '2026-11-01' } }, /already on Daily Papers/],
    ['no date, member', { paper: { ...base.paper!, publishedAt: null } }, /only a curator/],
  ];
  for (const [name, over, want] of cases) {
    const reason = refuseSubmission({ ...base, ...over });
    if (want === null) assert.equal(reason, null, name);
    else {
      assert.match(reason ?? '', want, name);
      assert.equal(reason!.split(/[.;] [A-Z]/).length, 1, `${name}: one sentence`);
    }
  }
});

test('default handles come from the email address', () => {
  assert.equal(handleFromEmail('Jane.Doe+x@uni.edu'), 'jane-doe-x');
  assert.equal(handleFromEmail('a@b.c'), 'member-a');
});
