// Table tests for the id, text and link normalisers the parsers share.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseArxivId, recordId } from '../../src/ingest/normalize-id.ts';
import { authorsFrom, latexToUnicode, splitAuthors, unwrap } from '../../src/ingest/normalize-text.ts';
import { canonicalGithubRepo, extractLinks } from '../../src/ingest/extract-links.ts';

test('arXiv ids in every spelling normalise to id + version', () => {
  const cases: [string, { id: string; version: number } | null][] = [
    ['2503.12533', { id: '2503.12533', version: 0 }],
    ['2503.12533v2', { id: '2503.12533', version: 2 }],
    ['0704.0001', { id: '0704.0001', version: 0 }],
    ['hep-th/9901001', { id: 'hep-th/9901001', version: 0 }],
    ['hep-th/9901001v3', { id: 'hep-th/9901001', version: 3 }],
    ['math.GT/0309136', { id: 'math/0309136', version: 0 }],
    ['arXiv:2503.12533', { id: '2503.12533', version: 0 }],
    ['arxiv: 2503.12533v1', { id: '2503.12533', version: 1 }],
    ['https://arxiv.org/abs/2503.12533v4', { id: '2503.12533', version: 4 }],
    ['http://arxiv.org/abs/astro-ph/0601001v1', { id: 'astro-ph/0601001', version: 1 }],
    ['https://arxiv.org/pdf/2503.12533.pdf', { id: '2503.12533', version: 0 }],
    ['https://export.arxiv.org/abs/2104.12255', { id: '2104.12255', version: 0 }],
    ['oai:arXiv.org:1412.8544', { id: '1412.8544', version: 0 }],
    ['  2503.12533  ', { id: '2503.12533', version: 0 }],
    ['abc', null],
    ['2503.123', null],
    ['', null],
  ];
  for (const [input, want] of cases) assert.deepEqual(parseArxivId(input), want, input);
});

test('record ids: arXiv ids, else plain tokens such as BEIR numbers; junk is refused', () => {
  assert.deepEqual(recordId('2503.12533v2'), { id: '2503.12533', version: 2 });
  assert.deepEqual(recordId(4983), { id: '4983', version: 0 });
  assert.deepEqual(recordId('4983'), { id: '4983', version: 0 });
  assert.equal(recordId('has spaces in it'), null);
  assert.equal(recordId(''), null);
  assert.equal(recordId(null), null);
});

test('hard-wrapped whitespace collapses', () => {
  assert.equal(unwrap('Calculation of prompt diphoton production cross sections at Tevatron and\n  LHC energies'), 'Calculation of prompt diphoton production cross sections at Tevatron and LHC energies');
  assert.equal(unwrap('  a\tb\r\n c '), 'a b c');
  assert.equal(unwrap(null), '');
});

test('LaTeX accents in names become Unicode', () => {
  const cases: [string, string][] = [
    ["C. Bal\\'azs", 'C. Balázs'],
    ["Bal\\'{a}zs", 'Balázs'],
    ['{\\"O}zt{\\"u}rk', 'Öztürk'],
    ['Fran\\c{c}ois', 'François'],
    ['\\v{S}koda', 'Škoda'],
    ['Stra\\ss e', 'Straße'],
    ['Ma\\~nana', 'Mañana'],
    ['Erd\\H{o}s', 'Erdős'],
    ['J\\"{u}rgen', 'Jürgen'],
    ['Plain Name', 'Plain Name'],
  ];
  for (const [input, want] of cases) assert.equal(latexToUnicode(input), want, input);
});

test('author lists as a string, an array, {name} objects or authors_parsed', () => {
  assert.deepEqual(splitAuthors("C. Bal\\'azs, E. L. Berger, P. M. Nadolsky, C.-P. Yuan"), ['C. Balázs', 'E. L. Berger', 'P. M. Nadolsky', 'C.-P. Yuan']);
  assert.deepEqual(splitAuthors('A. One and B. Two'), ['A. One', 'B. Two']);
  assert.deepEqual(splitAuthors('A. One (1), B. Two ((1) Univ. X, (2) Lab Y)'), ['A. One', 'B. Two']);
  assert.deepEqual(authorsFrom(['Ana', ' Bo  Li ']), ['Ana', 'Bo Li']);
  assert.deepEqual(authorsFrom([{ name: 'Mingjie Liu' }, { name: 'Yi Dong', hidden: false }]), ['Mingjie Liu', 'Yi Dong']);
  assert.deepEqual(authorsFrom('ignored, when, parsed', [['Balázs', 'C.', ''], ['Berger', 'E. L.', ''], ['Smith', 'J.', 'Jr']]), ['C. Balázs', 'E. L. Berger', 'J. Smith Jr']);
  assert.deepEqual(authorsFrom(undefined), []);
});

test('GitHub repository URLs are canonical', () => {
  const cases: [string, string | null][] = [
    ['https://github.com/NVlabs/Sana', 'https://github.com/NVlabs/Sana'],
    ['http://www.github.com/owner/repo.git', 'https://github.com/owner/repo'],
    ['https://github.com/owner/repo/tree/main/src', 'https://github.com/owner/repo'],
    ['github.com/owner/my.repo', 'https://github.com/owner/my.repo'],
    ['https://github.com/owner', null],
    ['https://github.com/orgs/acme', null],
    ['https://gitlab.com/owner/repo', null],
  ];
  for (const [input, want] of cases) assert.equal(canonicalGithubRepo(input), want, input);
});

test('links in abstracts and comments: trailing punctuation stripped, code vs project pages', () => {
  const links = extractLinks(
    'Code is at https://github.com/foo/bar. See (https://foo.github.io/bar/) and https://arxiv.org/abs/2401.00001, too.',
    'Project page: https://example.org/proj; data at github.com/foo/data).',
  );
  assert.deepEqual(links.codeUrls, ['https://github.com/foo/bar', 'https://github.com/foo/data']);
  assert.deepEqual(links.projectUrls, ['https://foo.github.io/bar/', 'https://example.org/proj']);
  assert.deepEqual(extractLinks('no links here', null), { codeUrls: [], projectUrls: [] });
  // The same repository twice (case differs) is one link.
  assert.deepEqual(extractLinks('https://github.com/Foo/Bar and https://github.com/foo/bar').codeUrls, ['https://github.com/Foo/Bar']);
});
