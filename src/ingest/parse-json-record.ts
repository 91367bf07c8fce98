// Parses one JSON-lines record: the Kaggle arxiv-metadata-oai-snapshot shape or generic
// `{id, title, abstract|summary|text, authors}` (arxiv-cs scrapes, BEIR corpus.jsonl).
import type { PaperInput, PaperVersion, Reject } from '../model.ts';
import { extractLinks } from './extract-links.ts';
import { recordId } from './normalize-id.ts';
import { authorsFrom, categoriesFrom, parseTime, unwrap, unwrapOrNull } from './normalize-text.ts';
import { emptyPaper, messageOf, notAnObject } from './parsed.ts';

export type JsonRecordFormat = 'kaggle' | 'jsonl';

/** True when an object looks like a Kaggle snapshot line (its distinctive fields). */
export function isKaggleRecord(o: Record<string, unknown>): boolean {
  return 'authors_parsed' in o || 'submitter' in o || ('versions' in o && 'update_date' in o);
}

/** One line of JSON lines → a paper, or a reject naming `where`. */
export function parseJsonLine(line: string, where: string, format: JsonRecordFormat): PaperInput | Reject {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    return { where, reason: `not valid JSON: ${messageOf(err)}` };
  }
  return parseJsonRecord(value, where, format);
}

export function parseJsonRecord(value: unknown, where: string, format: JsonRecordFormat): PaperInput | Reject {
  const problem = notAnObject(value);
  if (problem) return { where, reason: problem.replace(/^entry/, 'record') };
  const o = value as Record<string, unknown>;
  const rawId = o.id ?? o._id ?? o.arxiv_id ?? o.paper_id;
  const key = recordId(rawId);
  if (!key) return { where, reason: rawId === undefined ? 'record has no "id"' : `record id ${JSON.stringify(rawId).slice(0, 80)} is not an arXiv id or a plain token` };
  const title = unwrap(typeof o.title === 'string' ? o.title : '');
  if (!title) return { where, reason: `record ${key.id} has no title` };
  const paper = emptyPaper(key.id, format === 'kaggle' ? 'kaggle' : 'jsonl');
  paper.title = title;
  paper.abstract = unwrap(firstString(o.abstract, o.summary, o.text));
  paper.authors = authorsFrom(o.authors, o.authors_parsed);
  paper.categories = categoriesFrom(o.categories);
  paper.primaryCategory = typeof o.primary_category === 'string' ? o.primary_category : paper.categories[0] ?? null;
  if (paper.primaryCategory && !paper.categories.includes(paper.primaryCategory)) paper.categories.unshift(paper.primaryCategory);
  paper.comments = unwrapOrNull(o.comments ?? o.comment);
  paper.journalRef = unwrapOrNull(o['journal-ref'] ?? o.journal_ref);
  paper.doi = unwrapOrNull(o.doi);
  paper.license = unwrapOrNull(o.license);
  paper.versions = versionsFrom(o.versions);
  paper.version = Math.max(key.version, ...paper.versions.map((v) => v.version), 0);
  const first = paper.versions.find((v) => v.date !== null)?.date ?? null;
  const last = [...paper.versions].reverse().find((v) => v.date !== null)?.date ?? null;
  // `_listing_date` (arxiv-cs scrapes) is the day the paper first appeared in arXiv's listing.
  paper.publishedAt = first ?? parseTime(o.published ?? o.published_at ?? o._listing_date ?? o.created);
  paper.updatedAt = parseTime(o.updated ?? o.updated_at ?? o.update_date) ?? last;
  const links = extractLinks(paper.abstract, paper.comments);
  paper.codeUrls = links.codeUrls;
  paper.projectUrls = links.projectUrls;
  return paper;
}

function firstString(...values: unknown[]): string {
  for (const v of values) if (typeof v === 'string' && v.trim()) return v;
  return '';
}

/** Kaggle's `[{version: "v1", created: "Mon, 2 Apr 2007 19:18:42 GMT"}]`. */
function versionsFrom(value: unknown): PaperVersion[] {
  if (!Array.isArray(value)) return [];
  const out: PaperVersion[] = [];
  for (const v of value) {
    if (!v || typeof v !== 'object') continue;
    const m = /^v?(\d{1,4})$/.exec(String((v as Record<string, unknown>).version ?? ''));
    if (m) out.push({ version: Number(m[1]), date: parseTime((v as Record<string, unknown>).created) });
  }
  return out.sort((a, b) => a.version - b.version);
}
