import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WordTable } from '../../src/search/word-table.ts';
import { chunks } from '../../src/search/tokenize.ts';
import { seededRandom } from '../../src/search/linalg.ts';

/** A table whose numbers name the words, so a wrong cache hit shows as the wrong word. */
function numbering() {
  const names: string[] = [];
  const ids = new Map<string, number>();
  const table = new WordTable((w) => {
    if (!ids.has(w)) {
      ids.set(w, names.length);
      names.push(w);
    }
    return ids.get(w)!;
  }, 50);
  const scanWords = (text: string) => {
    const out: number[] = [];
    table.scan(text, out);
    return out.map((i) => names[i]);
  };
  return { scanWords, resolved: () => names.length };
}

test('scans chunks exactly as chunks() splits them', () => {
  const { scanWords } = numbering();
  const cases = [
    'Attention Is All You Need',
    'BERT, GPT-4 and T5: pre-training (2019) vs. 2e-5 lr!',
    'under_score snake_case CamelCase ALLCAPS x86_64',
    '',
    '   ',
    `${'a'.repeat(40)} ${'b'.repeat(41)} end`,
    'Café naïve façade Ångström — Σ-algebra 数据 𝐀𝐁',
    'tab\tnew\nline\r\nend',
    'email@example.org https://github.com/owner/repo#readme',
    'LLaDA2.0 Qwen3-VL GPT-4.5 e.g. 3. end. v1.2.3 a--b -x y- 2.x _a b_',
    `${'ab-'.repeat(41)}c ${'ab-'.repeat(30)}c`,
  ];
  for (const text of cases) assert.deepEqual(scanWords(text), chunks(text), JSON.stringify(text));
});

test('a chunk seen before is not resolved again; case is kept (it splits names like DeepSeek)', () => {
  const { scanWords, resolved } = numbering();
  scanWords('Graph neural networks on graph data');
  const after = resolved();
  assert.deepEqual(scanWords('graph neural data Graph'), ['graph', 'neural', 'data', 'Graph']);
  assert.equal(resolved(), after);
  assert.deepEqual(scanWords('GRAPH'), ['GRAPH']);
  assert.equal(resolved(), after + 1);
});

test('random ASCII text, past the table size bound and its resets, matches chunks()', () => {
  const { scanWords } = numbering();
  const rand = seededRandom(3);
  const alphabet = 'abcdeABCDE0123 .,-_()\n';
  for (let t = 0; t < 300; t++) {
    let text = '';
    const len = Math.floor(rand() * 200);
    for (let i = 0; i < len; i++) text += alphabet[Math.floor(rand() * alphabet.length)];
    assert.deepEqual(scanWords(text), chunks(text), JSON.stringify(text));
  }
});
