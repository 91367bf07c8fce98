// BibTeX and Markdown exports of a paper.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bibtexKey, isArxivId, toBibtex, toMarkdown } from '../../src/web/paper-export.ts';
import { paperFromInput } from '../../src/store/merge-paper.ts';
import { paperInput } from '../helpers/papers.ts';
import type { Paper } from '../../src/model.ts';

const paper = (over: Parameters<typeof paperInput>[0]): Paper => ({ ...paperFromInput(paperInput(over)), createdAt: 0, modifiedAt: 0 });

test('arXiv ids, new and old style', () => {
  for (const id of ['2503.12533', '0704.0001', 'hep-th/9901001', 'math.AG/0101001']) assert.ok(isArxivId(id), id);
  for (const id of ['abc', '2503.123', 'hep-th/99', '2503.12533v2', '../etc']) assert.ok(!isArxivId(id), id);
});

test('a BibTeX entry with a stable key, balanced braces and the arXiv eprint', () => {
  const p = paper({
    id: '2512.22525',
    title: 'DreamOmni3: {Scribble}-based Editing}',
    authors: ['Bin Xia', 'Jiaya Jia'],
    publishedAt: Date.UTC(2025, 11, 27),
    primaryCategory: 'cs.CV',
    categories: ['cs.CV'],
  });
  assert.equal(bibtexKey(p), 'xia2025dreamomni3');
  assert.equal(
    toBibtex(p),
    [
      '@misc{xia2025dreamomni3,',
      '  title = {DreamOmni3: Scribble-based Editing},',
      '  author = {Bin Xia and Jiaya Jia},',
      '  year = {2025},',
      '  eprint = {2512.22525},',
      '  archivePrefix = {arXiv},',
      '  primaryClass = {cs.CV},',
      '  url = {https://arxiv.org/abs/2512.22525}',
      '}',
    ].join('\n'),
  );
  assert.match(toBibtex(paper({ id: 'x1', title: 'Ünïcode Çase' })), /^@misc\{anonunicode,/);
});

test('Markdown lists the facts, http(s) links only, and the abstract as text', () => {
  const md = toMarkdown(
    paper({ id: '2512.22525', title: 'A *bold* claim', abstract: 'x < y', codeUrls: ['https://github.com/a/b', 'javascript:alert(1)'] }),
    'https://p.example',
  );
  assert.match(md, /^# A \\\*bold\\\* claim$/m);
  assert.match(md, /^- Paperboy: <https:\/\/p.example\/papers\/2512.22525>$/m);
  assert.match(md, /^- Code: <https:\/\/github.com\/a\/b>$/m);
  assert.doesNotMatch(md, /javascript/);
  assert.match(md, /^x &lt; y$/m);
});
