// The paper a query names, looked up in one index generation: by arXiv id, URL, DOI or exact title.
import type { IndexState } from './index-state.ts';
import { parseDirectRef } from './direct-ref.ts';
import { authorKey, hashKey } from './author-index.ts';

export type DirectLookup =
  | { kind: 'found'; doc: number; via: 'id' | 'url' | 'doi' }
  /** An arXiv id not in the index: worth fetching. */
  | { kind: 'missing'; id: string }
  /** A DOI no paper has. */
  | { kind: 'unknown' };

/** null when the query does not name a paper by reference (it may still be a title: see titleCandidate). */
export function lookupDirect(s: IndexState, text: string): DirectLookup | null {
  const ref = parseDirectRef(text);
  if (!ref) return null;
  const id = ref.kind === 'arxiv' ? ref.id : s.dois.get(ref.doi);
  const doc = id === undefined ? undefined : s.table.byId.get(id);
  if (doc !== undefined) return { kind: 'found', doc, via: ref.kind === 'doi' ? 'doi' : ref.via };
  return ref.kind === 'arxiv' ? { kind: 'missing', id: ref.id } : { kind: 'unknown' };
}

/**
 * The live document whose title has the query's key, if any. Titles are kept as 32-bit hashes,
 * so the caller compares the paper's real title before trusting it.
 */
export function titleCandidate(s: IndexState, text: string): { doc: number; key: string } | null {
  const key = authorKey(text);
  if (!key) return null;
  const doc = s.titles.get(hashKey(key));
  return doc !== undefined && s.table.alive.data[doc] === 1 ? { doc, key } : null;
}
