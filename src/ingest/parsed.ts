// The result shape every parser returns, and a helper to build a PaperInput with defaults.
import type { PaperInput, Reject } from '../model.ts';

export interface Parsed {
  papers: PaperInput[];
  rejects: Reject[];
}

/** A PaperInput with every optional fact unknown; parsers fill what their source knows. */
export function emptyPaper(id: string, source: PaperInput['source']): PaperInput {
  return {
    id,
    version: 0,
    versions: [],
    title: '',
    abstract: '',
    authors: [],
    categories: [],
    primaryCategory: null,
    comments: null,
    journalRef: null,
    doi: null,
    license: null,
    publishedAt: null,
    updatedAt: null,
    codeUrls: [],
    projectUrls: [],
    daily: null,
    source,
  };
}

/** Why a JSON value is not a usable record object, or null when it is one. */
export function notAnObject(value: unknown): string | null {
  if (value && typeof value === 'object' && !Array.isArray(value)) return null;
  if (typeof value === 'string') {
    return /^\s*\{\s*'/.test(value)
      ? 'entry is Python repr text (single-quoted dict), not a JSON object'
      : 'entry is a string, not a JSON object';
  }
  return `entry is ${value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`}, not a JSON object`;
}

/** First message of a thrown value, for reject reasons. */
export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
