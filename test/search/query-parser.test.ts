// The query parser turns any text into term groups without throwing.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseQuery } from '../../src/search/query-parser.ts';
import { makeSnippet, containsPhrase } from '../../src/search/snippet.ts';
import { indexTerms, queryTerms } from '../../src/search/tokenize.ts';
import { parseDirectRef } from '../../src/search/direct-ref.ts';
import { editDistance, respell } from '../../src/search/spelling.ts';
import { stemWord } from '../../src/search/tokenize.ts';

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
    ['author:"Yann LeCun" energy', { should: ['energi'], authors: ['yann lecun'] }],
    ['AUTHOR:lecun', { should: [], authors: ['lecun'] }],
    ['+qwen3-vl', { must: ['qwen3vl'], should: ['qwen3vl', 'qwen3', 'qwen', 'vl'] }],
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

describe('word-delimiter terms', () => {
  it('keeps the whole name and adds its pieces', () => {
    assert.deepEqual(indexTerms('LLaDA2.0'), ['llada2.0', 'llada', '2.0']);
    assert.deepEqual(indexTerms('Qwen3-VL'), ['qwen3vl', 'qwen3', 'qwen', 'vl', '3']);
    assert.deepEqual(indexTerms('DeepSeek BERTScore'), ['deepseek', 'deep', 'seek', 'bertscor', 'bert', 'score']);
    assert.deepEqual(indexTerms('LLaMA e.g. 3.5 fine-tuning'), ['llama', 'e', 'g', '3.5', 'finetun', 'fine', 'tune']);
    assert.deepEqual(indexTerms('vitamin-D IL-6'), ['vitamind', 'vitamin', 'd', 'il6', 'il', '6']);
  });

  it('queries for names and their letter pieces, not bare version numbers', () => {
    assert.deepEqual(queryTerms('LLaDA2.0'), ['llada2.0', 'llada']);
    assert.deepEqual(queryTerms('qwen3 vl'), ['qwen3', 'qwen', 'vl']);
    assert.deepEqual(queryTerms('GPT-4o'), ['gpt4o', 'gpt', '4o', 'o']);
    assert.deepEqual(queryTerms('omega-3'), ['omega3', 'omega', '3']);
  });
});

describe('direct references', () => {
  it('reads ids, URLs and DOIs, and nothing else', () => {
    assert.deepEqual(parseDirectRef('2512.22096v3'), { kind: 'arxiv', id: '2512.22096', via: 'id' });
    assert.deepEqual(parseDirectRef('hep-th/9901001'), { kind: 'arxiv', id: 'hep-th/9901001', via: 'id' });
    assert.deepEqual(parseDirectRef('https://hf.co/papers/2512.22096'), { kind: 'arxiv', id: '2512.22096', via: 'url' });
    assert.deepEqual(parseDirectRef('https://doi.org/10.48550/arXiv.2512.22096'), { kind: 'arxiv', id: '2512.22096', via: 'id' });
    assert.deepEqual(parseDirectRef('DOI: 10.1000/XYZ.1.'), { kind: 'doi', doi: '10.1000/xyz.1' });
    for (const q of ['2512.22096 diffusion', 'https://example.org/abs/2512.22096', 'https://huggingface.co/papers/notanid', '1.5', '']) assert.equal(parseDirectRef(q), null, q);
  });
});

describe('spelling', () => {
  it('counts edits with adjacent swaps as one, and stops past the bound', () => {
    assert.equal(editDistance('difus', 'diffus', 2), 1);
    assert.equal(editDistance('langauge', 'language', 2), 1);
    assert.equal(editDistance('zzqxqy', 'diffus', 2), 3);
  });

  it('puts the typed ending back on a corrected stem', () => {
    assert.equal(respell('difusion', stemWord('difusion'), 'diffus', stemWord), 'diffusion');
    assert.equal(respell('modles', stemWord('modles'), 'model', stemWord), 'models');
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

  it('marks a name by any of its pieces', () => {
    assert.equal(makeSnippet('We scale LLaDA2.0 up.', new Set(['llada'])), 'We scale <mark>LLaDA2.0</mark> up.');
  });

  it('finds phrases across stop words and inflections', () => {
    assert.equal(containsPhrase('We train the neural networks quickly', ['neural', 'network']), true);
    assert.equal(containsPhrase('networks that are neural', ['neural', 'network']), false);
  });
});
