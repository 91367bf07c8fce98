// Parses a plain-text listing: a title line, a blank line, an abstract paragraph, repeated (as
// copied from a "trending papers" page). Lines that are page furniture are skipped.
import type { PaperInput } from '../model.ts';
import { extractLinks } from './extract-links.ts';
import { parseArxivId } from './normalize-id.ts';
import { unwrap } from './normalize-text.ts';
import { emptyPaper, type Parsed } from './parsed.ts';

/** An abstract is a paragraph of prose: long enough that menu lines and dates never qualify. */
const MIN_ABSTRACT = 120;
const MAX_TITLE = 400;

/**
 * Papers from a listing. A listing names no arXiv ids unless a line says `arXiv:ID`, so records
 * may come back with `id: ''`: the import pipeline then looks the title up in the catalog.
 */
export function parseListing(text: string, name: string): Parsed {
  const blocks = text.replace(/\r\n?/g, '\n').split(/\n\s*\n/).map((b) => b.trim()).filter(Boolean);
  const out: Parsed = { papers: [], rejects: [] };
  for (let i = 0; i + 1 < blocks.length; i++) {
    const title = unwrap(blocks[i]);
    const body = blocks[i + 1];
    if (title.length > MAX_TITLE || title.length < 8 || unwrap(body).length < MIN_ABSTRACT) continue;
    const idMatch = /arXiv:\s*(\S+)/i.exec(body) ?? /arxiv\.org\/abs\/(\S+)/i.exec(body);
    const key = idMatch ? parseArxivId(idMatch[1]) : null;
    const paper: PaperInput = emptyPaper(key?.id ?? '', 'listing');
    paper.title = title;
    paper.abstract = unwrap(body.replace(/^arXiv:\s*\S+\s*$/im, ''));
    const links = extractLinks(paper.abstract);
    paper.codeUrls = links.codeUrls;
    paper.projectUrls = links.projectUrls;
    out.papers.push(paper);
    i++;
  }
  if (out.papers.length === 0) out.rejects.push({ where: name, reason: 'no "title, blank line, abstract" entries found' });
  return out;
}
