// A paper as a BibTeX entry and as Markdown: what people paste into their notes and papers.
import { displayedUpvotes, type Paper } from '../model.ts';
import { safeHttpUrl } from './format.ts';

/** Whether an id is an arXiv identifier (new `2503.12533` or old `hep-th/9901001` style). */
export function isArxivId(id: string): boolean {
  return /^\d{4}\.\d{4,5}$/.test(id) || /^[a-z-]+(\.[A-Z]{2})?\/\d{7}$/.test(id);
}

export function arxivLinks(id: string): { abs: string; pdf: string } | null {
  return isArxivId(id) ? { abs: `https://arxiv.org/abs/${id}`, pdf: `https://arxiv.org/pdf/${id}` } : null;
}

function year(p: Paper): string | null {
  const ms = p.publishedAt ?? (p.daily ? Date.parse(p.daily.featuredOn) : null);
  return ms === null || Number.isNaN(ms) ? null : String(new Date(ms).getUTCFullYear());
}

/** BibTeX braces must balance: drop braces from text rather than risk breaking the entry. */
function bibText(s: string): string {
  return s.replace(/[{}]/g, '').replace(/\s+/g, ' ').trim();
}

/** Citation key like `xia2025dreamomni3`: first author's last name, year, first title word. */
export function bibtexKey(p: Paper): string {
  const last = (p.authors[0] ?? 'anon').trim().split(/\s+/).pop() ?? 'anon';
  const word = p.title.split(/\s+/).find((w) => /[A-Za-z]{3,}/.test(w)) ?? 'paper';
  const clean = (s: string) => s.normalize('NFKD').replace(/[^A-Za-z0-9]/g, '').toLowerCase();
  return `${clean(last) || 'anon'}${year(p) ?? ''}${clean(word)}`;
}

export function toBibtex(p: Paper): string {
  const fields: [string, string | null][] = [
    ['title', bibText(p.title)],
    ['author', p.authors.length ? p.authors.map(bibText).join(' and ') : null],
    ['year', year(p)],
    ['eprint', isArxivId(p.id) ? p.id : null],
    ['archivePrefix', isArxivId(p.id) ? 'arXiv' : null],
    ['primaryClass', p.primaryCategory],
    ['doi', p.doi ? bibText(p.doi) : null],
    ['url', arxivLinks(p.id)?.abs ?? null],
  ];
  const body = fields.filter(([, v]) => v).map(([k, v]) => `  ${k} = {${v}}`);
  return `@misc{${bibtexKey(p)},\n${body.join(',\n')}\n}`;
}

/** Markdown text with HTML and link syntax neutralised, so a renderer shows it as typed. */
function mdText(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]#|])/g, '\\$1');
}

export function toMarkdown(p: Paper, publicUrl: string): string {
  const links = arxivLinks(p.id);
  const lines = [`# ${mdText(p.title)}`, ''];
  if (p.authors.length) lines.push(`**Authors:** ${mdText(p.authors.join(', '))}`);
  if (p.publishedAt) lines.push(`**Published:** ${new Date(p.publishedAt).toISOString().slice(0, 10)}`);
  if (p.daily) lines.push(`**Featured on Daily Papers:** ${p.daily.featuredOn} (${displayedUpvotes(p)} upvotes)`);
  if (p.categories.length) lines.push(`**Categories:** ${mdText(p.categories.join(', '))}`);
  lines.push('');
  const linkLines: string[] = [`- Paperboy: <${publicUrl}/papers/${p.id}>`];
  if (links) linkLines.push(`- arXiv: <${links.abs}>`, `- PDF: <${links.pdf}>`);
  for (const url of p.codeUrls.map(safeHttpUrl)) if (url) linkLines.push(`- Code: <${url}>`);
  for (const url of p.projectUrls.map(safeHttpUrl)) if (url) linkLines.push(`- Project page: <${url}>`);
  lines.push('## Links', '', ...linkLines, '');
  if (p.abstract) lines.push('## Abstract', '', mdText(p.abstract), '');
  lines.push('## BibTeX', '', '```bibtex', toBibtex(p).replace(/```/g, "'''"), '```', '');
  return lines.join('\n');
}
