import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WordTable } from '../../src/search/word-table.ts';
import { words } from '../../src/search/tokenize.ts';
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

test('scans words exactly as words() splits and folds them', () => {
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
  ];
  for (const text of cases) assert.deepEqual(scanWords(text), words(text), JSON.stringify(text));
});

test('a word seen before is not resolved again; case does not make a new word', () => {
  const { scanWords, resolved } = numbering();
  scanWords('Graph neural networks on graph data');
  const after = resolved();
  assert.deepEqual(scanWords('GRAPH Neural NETWORKS data'), ['graph', 'neural', 'networks', 'data']);
  assert.equal(resolved(), after);
});

test('random ASCII text, past the table size bound and its resets, matches words()', () => {
  const { scanWords } = numbering();
  const rand = seededRandom(3);
  const alphabet = 'abcdeABCDE0123 .,-_()\n';
  for (let t = 0; t < 300; t++) {
    let text = '';
    const len = Math.floor(rand() * 200);
    for (let i = 0; i < len; i++) text += alphabet[Math.floor(rand() * alphabet.length)];
    assert.deepEqual(scanWords(text), words(text), JSON.stringify(text));
  }
});
