// Parses arXiv API (`/api/query`) Atom feeds, 2016 and 2026 shapes, including its error feed.
import type { PaperInput, Reject } from '../model.ts';
import { extractLinks } from './extract-links.ts';
import { parseArxivId } from './normalize-id.ts';
import { cleanName, parseTime, unwrap, unwrapOrNull } from './normalize-text.ts';
import { emptyPaper, messageOf, type Parsed } from './parsed.ts';
import { child, childrenNamed, childText, XmlRecordStream, type XmlNode } from './xml-records.ts';

export type Item = PaperInput | Reject;

/** A streaming Atom parser: feed chunks, get papers and rejects as entries complete. */
export class AtomStream {
  private readonly xml = new XmlRecordStream(new Set(['entry']), new Set(['totalResults']));
  private entry = 0;
  /** opensearch:totalResults when the feed gave it (paging). */
  totalResults: number | null = null;

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
      if (node.name === 'totalResults') {
        this.totalResults = Number(node.text.trim());
        continue;
      }
      this.entry++;
      const where = `${this.name}#entry ${this.entry}`;
      try {
        out.push(atomEntry(node, where));
      } catch (err) {
        out.push({ where, reason: messageOf(err) });
      }
    }
    return out;
  }
}

/** A whole Atom feed as text → papers and rejects. */
export function parseArxivAtom(xml: string, name: string): Parsed & { totalResults: number | null } {
  const stream = new AtomStream(name);
  const out: Parsed = { papers: [], rejects: [] };
  try {
    for (const item of [...stream.write(xml), ...stream.end()]) {
      if ('reason' in item) out.rejects.push(item);
      else out.papers.push(item);
    }
  } catch (err) {
    out.rejects.push({ where: name, reason: `malformed XML: ${messageOf(err)}` });
  }
  return { ...out, totalResults: stream.totalResults };
}

function atomEntry(node: XmlNode, where: string): Item {
  const idText = childText(node, 'id') ?? '';
  // The API reports bad queries as a feed with one entry whose id points at its error page.
  if (/\/api\/errors/.test(idText)) {
    return { where, reason: `arXiv API error: ${unwrap(childText(node, 'summary') ?? childText(node, 'title') ?? 'unknown')}` };
  }
  const key = parseArxivId(idText);
  if (!key) return { where, reason: `entry id ${JSON.stringify(idText)} is not an arXiv id` };
  const title = unwrap(childText(node, 'title'));
  if (!title) return { where, reason: `entry ${key.id} has no title` };
  const paper = emptyPaper(key.id, 'arxiv-api');
  paper.version = key.version;
  paper.title = title;
  paper.abstract = unwrap(childText(node, 'summary'));
  paper.authors = childrenNamed(node, 'author')
    .map((a) => cleanName(childText(a, 'name') ?? ''))
    .filter(Boolean);
  const primary = child(node, 'primary_category')?.attrs.term ?? null;
  const cats = childrenNamed(node, 'category').map((c) => c.attrs.term).filter((t): t is string => !!t);
  paper.categories = [...new Set(primary ? [primary, ...cats] : cats)];
  paper.primaryCategory = primary ?? paper.categories[0] ?? null;
  paper.comments = unwrapOrNull(childText(node, 'comment'));
  paper.journalRef = unwrapOrNull(childText(node, 'journal_ref'));
  paper.doi = unwrapOrNull(childText(node, 'doi'));
  paper.publishedAt = parseTime(childText(node, 'published'));
  paper.updatedAt = parseTime(childText(node, 'updated'));
  // The feed dates v1 (published) and the version it returns (updated); others stay undated.
  if (key.version > 0) {
    paper.versions = [{ version: 1, date: paper.publishedAt }];
    if (key.version > 1) paper.versions.push({ version: key.version, date: paper.updatedAt });
  }
  const links = extractLinks(paper.abstract, paper.comments);
  paper.codeUrls = links.codeUrls;
  paper.projectUrls = links.projectUrls;
  return paper;
}

/**
 * A recorded API response wrapped as `{url, status_code, body}`. A non-200 status is reported
 * as a reject with the error the body gives.
 */
export function parseWrappedApiResponse(value: Record<string, unknown>, name: string): Parsed {
  const status = Number(value.status_code);
  const body = typeof value.body === 'string' ? value.body : '';
  const parsed = parseArxivAtom(body, name);
  if (status !== 200) {
    const why = parsed.rejects.map((r) => r.reason).join('; ') || 'no error message';
    return { papers: [], rejects: [{ where: name, reason: `arXiv API answered HTTP ${status}: ${why}` }] };
  }
  return { papers: parsed.papers, rejects: parsed.rejects };
}
