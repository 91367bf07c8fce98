// Reads a search box that names one paper: an arXiv id or URL, a Hugging Face or alphaXiv paper URL, a DOI.
import { parseArxivId } from '../ingest/normalize-id.ts';

export type DirectRef =
  | { kind: 'arxiv'; id: string; via: 'id' | 'url' }
  | { kind: 'doi'; doi: string };

/** Paper pages elsewhere whose path ends in an arXiv id. */
const PAPER_URL = /^https?:\/\/(?:www\.)?(?:huggingface\.co|hf\.co|alphaxiv\.org|arxiv\.org|export\.arxiv\.org)\/(?:papers|abs|pdf|html|overview)\/(.+)$/i;
const DOI = /^(?:doi:\s*|https?:\/\/(?:dx\.)?doi\.org\/)?(10\.\d{4,9}\/\S+)$/i;
/** arXiv's own DOIs (DataCite, since 2022) name the id: 10.48550/arXiv.2512.22096. */
const ARXIV_DOI = /^10\.48550\/arxiv\.(.+)$/i;

/** The paper a query names, or null for an ordinary query. Never throws. */
export function parseDirectRef(query: string): DirectRef | null {
  const q = query.trim().replace(/^doi:\s+/i, 'doi:');
  if (q === '' || q.length > 300 || /\s/.test(q)) return null;
  const url = PAPER_URL.exec(q);
  if (url) {
    const id = parseArxivId(url[1]);
    return id ? { kind: 'arxiv', id: id.id, via: 'url' } : null;
  }
  const doi = DOI.exec(q);
  if (doi) {
    const d = doi[1].replace(/[.,;]+$/, '');
    const arxiv = ARXIV_DOI.exec(d);
    const id = arxiv ? parseArxivId(arxiv[1]) : null;
    return id ? { kind: 'arxiv', id: id.id, via: 'id' } : { kind: 'doi', doi: d.toLowerCase() };
  }
  // A bare new-style id (with or without version, arXiv: prefix) or an old-style archive/NNNNNNN.
  if (/^(?:arxiv:)?\d{4}\.\d{4,5}(?:v\d+)?$/i.test(q) || /^(?:arxiv:)?[a-z][a-z-]*(?:\.[a-z-]{1,6})?\/\d{7}(?:v\d+)?$/i.test(q)) {
    const id = parseArxivId(q);
    return id ? { kind: 'arxiv', id: id.id, via: 'id' } : null;
  }
  return null;
}
