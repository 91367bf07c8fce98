// Authors in a search: `author:` terms as a document restriction, an exact title or full author
// name put first, and an author's documents checked against their papers (the author index
// hashes names, so neighbours are removed by reading the papers).
import type { Db } from '../db/db.ts';
import { getPapersByIds } from '../store/papers.ts';
import { makeFilter, type SearchFilters } from './doc-table.ts';
import type { IndexState } from './index-state.ts';
import type { ParsedQuery } from './query-parser.ts';
import { titleCandidate } from './direct-hit.ts';
import { authorKey } from './author-index.ts';
import { PAGE } from './live-index.ts';

/** A plain query that is a paper's exact title, or an author's full name: those papers, to go first. */
export async function leadingDocs(db: Db, s: IndexState, text: string, parsed: ParsedQuery, filters?: SearchFilters): Promise<{ title: number | null; docs: number[] }> {
  if (parsed.must.length || parsed.mustNot.length || parsed.prefixes.length) return { title: null, docs: [] };
  const key = authorKey(text);
  if (!key) return { title: null, docs: [] };
  const accept = makeFilter(s.table, filters);
  const docs: number[] = [];
  let title: number | null = null;
  const t = titleCandidate(s, text);
  if (t && accept(t.doc)) {
    const [p] = await getPapersByIds(db, [s.table.ids[t.doc]], { visibleOnly: true });
    if (p && authorKey(p.title) === key) {
      title = t.doc;
      docs.push(t.doc);
    }
  }
  // Two words at least: a one-word query is a topic far more often than a surname.
  if (key.includes(' ') && s.authors.has(key)) {
    for (const d of await verifiedAuthorDocs(db, s, key, 20)) if (d !== title && accept(d)) docs.push(d);
  }
  return { title, docs };
}

/** Live documents of an author, newest first, hash neighbours removed by reading their papers. */
export async function verifiedAuthorDocs(db: Db, s: IndexState, key: string, limit = Infinity): Promise<number[]> {
  const alive = s.table.alive.data;
  const docs = s.authors.docs(key).filter((d) => alive[d] === 1);
  const out: number[] = [];
  for (let i = 0; i < docs.length && out.length < limit; i += PAGE) {
    const chunk = docs.slice(i, i + PAGE);
    const papers = await getPapersByIds(db, chunk.map((d) => s.table.ids[d]), { visibleOnly: true });
    const ok = new Set(papers.filter((p) => p.authors.some((a) => authorKey(a) === key)).map((p) => p.id));
    for (const d of chunk) if (ok.has(s.table.ids[d]) && out.length < limit) out.push(d);
  }
  return out;
}

/** `author:` terms as a document predicate (every named author), or null when none. */
export async function authorRestriction(db: Db, s: IndexState, keys: readonly string[]): Promise<((d: number) => boolean) | null> {
  if (keys.length === 0) return null;
  let set = new Set(await verifiedAuthorDocs(db, s, keys[0]));
  for (const key of keys.slice(1)) {
    const docs = new Set(await verifiedAuthorDocs(db, s, key));
    set = new Set([...set].filter((d) => docs.has(d)));
  }
  return (d) => set.has(d);
}
