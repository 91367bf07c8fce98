// A collection's papers as one BibTeX file and as a Markdown reading list.
import type { Collection } from '../store/collections.ts';
import type { CollectionPaper } from '../foryou/collection-papers.ts';
import { bibtexKey, toBibtex } from './paper-export.ts';

/** Every paper as a BibTeX entry; keys made unique with a, b, … as reference managers expect. */
export function collectionBibtex(papers: readonly CollectionPaper[]): string {
  const used = new Map<string, number>();
  return papers
    .map(({ paper }) => {
      const key = bibtexKey(paper);
      const n = used.get(key) ?? 0;
      used.set(key, n + 1);
      const entry = toBibtex(paper);
      return n === 0 ? entry : entry.replace(`{${key},`, `{${key}${String.fromCharCode(97 + ((n - 1) % 26))},`);
    })
    .join('\n\n')
    .concat(papers.length ? '\n' : '');
}

/** Markdown text with HTML and link syntax neutralised, so a renderer shows it as typed. */
function md(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/([\\`*_[\]#|])/g, '\\$1');
}

export function collectionMarkdown(col: Collection, papers: readonly CollectionPaper[], publicUrl: string): string {
  const lines = [`# ${md(col.name)}`, ''];
  if (col.description) lines.push(md(col.description), '');
  lines.push(`A collection by ${md(col.owner)} on Paperboy: ${publicUrl}/collections/${col.id}`, '');
  for (const { paper, note } of papers) {
    lines.push(`- [${md(paper.title)}](${publicUrl}/papers/${encodeURI(paper.id)})${paper.authors.length ? ` — ${md(paper.authors.slice(0, 3).join(', '))}${paper.authors.length > 3 ? ' et al.' : ''}` : ''}`);
    if (note) lines.push(`  - ${md(note.replace(/\s+/g, ' '))}`);
  }
  return lines.join('\n') + '\n';
}
