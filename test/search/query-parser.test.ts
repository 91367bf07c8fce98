// The query parser turns any text into term groups without throwing.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseQuery } from '../../src/search/query-parser.ts';
import { makeSnippet, containsPhrase } from '../../src/search/snippet.ts';

describe('query parser', () => {
  const cases: [string, Partial<ReturnType<typeof parseQuery>>][] = [
    ['graph networks', { should: ['graph', 'network'], must: [], mustNot: [], phrases: [], prefixes: [] }],
    ['"neural networks" pruning', { should: ['neural', 'network', 'prune'], phrases: [['neural', 'network']] }],
    ['transformers -vision', { should: ['transform'], mustNot: ['vision'] }],
    ['transformers NOT vision', { should: ['transform'], mustNot: ['vision'] }],
    ['+robot arm', { should: ['robot', 'arm'], must: ['robot'] }],
    ['diffu*', { should: [], prefixes: ['diffu'] }],
    ['title:attention', { should: ['titl', 'attent'] }],
    ['a AND the OR of', { should: [] }],
    ['Café Müller', { should: ['cafe', 'muller'] }],
    ['"unbalanced quote here', { phrases: [['unbalanc', 'quot', 'here']] }],
  ];
  for (const [input, want] of cases) {
    it(JSON.stringify(input), () => {
      const got = parseQuery(input);
      for (const [k, v] of Object.entries(want)) assert.deepEqual(got[k as keyof typeof got], v, k);
    });
  }

  it('bounds the work of a huge query', () => {
    const q = parseQuery('word'.repeat(3000) + ' x '.repeat(5000));
    assert.ok(q.should.length <= 64);
  });
});

describe('snippets', () => {
  it('marks query words and escapes HTML', () => {
    const s = makeSnippet('Graphs <b>&</b> "networks" are neat.', new Set(['network']));
    assert.equal(s, 'Graphs &lt;b&gt;&amp;&lt;/b&gt; &quot;<mark>networks</mark>&quot; are neat.');
  });

  it('centres on the densest part of a long text', () => {
    const text = `${'filler '.repeat(100)}the diffusion model beats diffusion baselines ${'tail '.repeat(100)}`;
    const s = makeSnippet(text, new Set(['diffus']), 20);
    assert.match(s, /^… .*<mark>diffusion<\/mark> model beats <mark>diffusion<\/mark>/);
    assert.match(s, / …$/);
  });

  it('finds phrases across stop words and inflections', () => {
    assert.equal(containsPhrase('We train the neural networks quickly', ['neural', 'network']), true);
    assert.equal(containsPhrase('networks that are neural', ['neural', 'network']), false);
  });
});
