// Parses arXiv OAI-PMH replies (ListRecords / GetRecord) in the `arXiv` and `arXivRaw` metadata formats.
import type { PaperInput, PaperVersion, Reject } from '../model.ts';
import { extractLinks } from './extract-links.ts';
import { parseArxivId } from './normalize-id.ts';
import { authorsFrom, categoriesFrom, cleanName, parseTime, unwrap, unwrapOrNull } from './normalize-text.ts';
import { emptyPaper, messageOf, type Parsed } from './parsed.ts';
import { child, childrenNamed, childText, XmlRecordStream, type XmlNode } from './xml-records.ts';

export type Item = PaperInput | Reject;

/** What an OAI-PMH reply says beyond its records: where to continue, or what went wrong. */
export interface OaiState {
  /** The resumptionToken to ask for next; '' or null when the list is complete. */
  resumptionToken: string | null;
  completeListSize: number | null;
  /** OAI-PMH error code (`noRecordsMatch`, `badResumptionToken`, …) with its message. */
  error: { code: string; message: string } | null;
}

/** A streaming OAI-PMH parser: feed chunks, get papers and rejects as records complete. */
export class OaiStream {
  private readonly xml = new XmlRecordStream(new Set(['record']), new Set(['resumptionToken', 'error']));
  private n = 0;
  readonly state: OaiState = { resumptionToken: null, completeListSize: null, error: null };

  constructor(private readonly name: string) {}

  write(chunk: string): Item[] {
    return this.convert(this.xml.write(chunk));
  }

  end(): Item[] {
    return this.convert(this.xml.end());
  }

  private convert(nodes: XmlNode[]): Item[] {
    const out: Item[] = [];
    for (const node of nodes) {
      if (node.name === 'resumptionToken') {
        this.state.resumptionToken = node.text.trim() || null;
        const size = Number(node.attrs.completeListSize);
        this.state.completeListSize = Number.isFinite(size) && node.attrs.completeListSize ? size : null;
        continue;
      }
      if (node.name === 'error') {
        this.state.error = { code: node.attrs.code ?? 'unknown', message: unwrap(node.text) };
        // "No records" is an empty answer, not a problem with the input.
        if (node.attrs.code !== 'noRecordsMatch') {
          out.push({ where: this.name, reason: `OAI-PMH error ${node.attrs.code ?? ''}: ${unwrap(node.text)}`.trim() });
        }
        continue;
      }
      this.n++;
      const where = `${this.name}#record ${this.n}`;
      try {
        const item = oaiRecord(node, where);
        if (item) out.push(item);
      } catch (err) {
        out.push({ where, reason: messageOf(err) });
      }
    }
    return out;
  }
}

/** A whole OAI-PMH reply as text → papers, rejects and its paging state. */
export function parseOaiPmh(xml: string, name: string): Parsed & { state: OaiState } {
  const stream = new OaiStream(name);
  const out: Parsed = { papers: [], rejects: [] };
  try {
    for (const item of [...stream.write(xml), ...stream.end()]) {
      if ('reason' in item) out.rejects.push(item);
      else out.papers.push(item);
    }
  } catch (err) {
    out.rejects.push({ where: name, reason: `malformed XML: ${messageOf(err)}` });
  }
  return { ...out, state: stream.state };
}

function oaiRecord(record: XmlNode, where: string): Item | null {
  const header = child(record, 'header');
  if (header?.attrs.status === 'deleted') return { where, reason: `record ${childText(header, 'identifier') ?? ''} is deleted upstream`.replace('  ', ' ') };
  const metadata = child(record, 'metadata');
  const meta = metadata?.children[0];
  if (!meta) return { where, reason: 'record has no metadata' };
  if (meta.name !== 'arXiv' && meta.name !== 'arXivRaw') {
    return { where, reason: `metadata format <${meta.name}> is not arXiv or arXivRaw (harvest with metadataPrefix=arXiv)` };
  }
  const rawId = childText(meta, 'id') ?? childText(header!, 'identifier') ?? '';
  const key = parseArxivId(rawId);
  if (!key) return { where, reason: `record id ${JSON.stringify(rawId)} is not an arXiv id` };
  const title = unwrap(childText(meta, 'title'));
  if (!title) return { where, reason: `record ${key.id} has no title` };
  const paper = emptyPaper(key.id, 'arxiv-oai');
  paper.title = title;
  paper.abstract = unwrap(childText(meta, 'abstract'));
  paper.categories = categoriesFrom(childText(meta, 'categories'));
  paper.primaryCategory = paper.categories[0] ?? null;
  paper.comments = unwrapOrNull(childText(meta, 'comments'));
  paper.journalRef = unwrapOrNull(childText(meta, 'journal-ref'));
  paper.doi = unwrapOrNull(childText(meta, 'doi'));
  paper.license = unwrapOrNull(childText(meta, 'license'));
  if (meta.name === 'arXiv') {
    const authors = child(meta, 'authors');
    paper.authors = authors
      ? childrenNamed(authors, 'author')
          .map((a) => cleanName([childText(a, 'forenames'), childText(a, 'keyname'), childText(a, 'suffix')].filter(Boolean).join(' ')))
          .filter(Boolean)
      : [];
    paper.publishedAt = parseTime(childText(meta, 'created'));
    paper.updatedAt = parseTime(childText(meta, 'updated')) ?? paper.publishedAt;
  } else {
    paper.authors = authorsFrom(childText(meta, 'authors') ?? '');
    paper.versions = childrenNamed(meta, 'version')
      .map((v): PaperVersion => ({ version: Number(/^v?(\d{1,4})$/.exec(v.attrs.version ?? '')?.[1] ?? 0), date: parseTime(childText(v, 'date')) }))
      .filter((v) => v.version > 0)
      .sort((a, b) => a.version - b.version);
    paper.version = paper.versions.at(-1)?.version ?? 0;
    paper.publishedAt = paper.versions[0]?.date ?? null;
    paper.updatedAt = paper.versions.at(-1)?.date ?? null;
  }
  const links = extractLinks(paper.abstract, paper.comments);
  paper.codeUrls = links.codeUrls;
  paper.projectUrls = links.projectUrls;
  return paper;
}
