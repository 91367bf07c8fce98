// The papers table's row shape: which columns an import writes, a merged paper as a row (with its
// content hash) and a row as a Paper.
import { hash } from 'node:crypto';
import type { Paper, PaperInput, SourceKind } from '../model.ts';
import { paperFromInput } from './merge-paper.ts';

/** The catalog columns an import writes, in order. Other features own the other columns. */
export const COLUMNS = [
  'id', 'version', 'versions', 'title', 'abstract', 'authors', 'categories', 'primary_category',
  'comments', 'journal_ref', 'doi', 'license', 'published_at', 'updated_at', 'code_urls',
  'project_urls', 'source', 'featured_on', 'submitted_by', 'hf_upvotes', 'hf_comments', 'hf_stars',
  'ai_keywords', 'ai_summary', 'hf_profiles', 'thumbnail_url', 'organization', 'content_hash', 'created_at', 'modified_at',
] as const;
export const COLUMN_LIST = COLUMNS.join(', ');
const HASHED = COLUMNS.filter((c) => c !== 'content_hash' && c !== 'created_at' && c !== 'modified_at');
/** Columns an update may change: all but the key and the first-seen time. */
export const UPDATE_SET = COLUMNS.filter((c) => c !== 'id' && c !== 'created_at')
  .map((c) => `${c} = excluded.${c}`)
  .join(', ');

export interface PaperRow {
  id: string;
  version: number;
  versions: string;
  title: string;
  abstract: string;
  authors: string;
  categories: string;
  primary_category: string | null;
  comments: string | null;
  journal_ref: string | null;
  doi: string | null;
  license: string | null;
  published_at: number | null;
  updated_at: number | null;
  code_urls: string;
  project_urls: string;
  source: string;
  featured_on: string | null;
  submitted_by: string | null;
  hf_upvotes: number;
  hf_comments: number;
  hf_stars: number | null;
  ai_keywords: string;
  ai_summary: string | null;
  /** JSON of HfProfiles, or null. */
  hf_profiles: string | null;
  thumbnail_url: string | null;
  /** JSON of the Organization, or null. */
  organization: string | null;
  content_hash: string;
  created_at: number;
  modified_at: number;
  /** Read, never written by imports: members' votes (community feature). */
  community_upvotes?: number;
  /** Read with the row when listing papers people are shown (moderation); never written by imports. */
  hidden_at?: number | null;
}

export type Merged = Omit<Paper, 'createdAt' | 'modifiedAt'>;

/** The stored row of a merged paper, hashed so an identical re-import is detected without a diff. */
export function toRow(p: Merged, createdAt: number, modifiedAt: number): PaperRow {
  const row: PaperRow = {
    id: p.id,
    version: p.version,
    versions: JSON.stringify(p.versions),
    title: p.title,
    abstract: p.abstract,
    authors: JSON.stringify(p.authors),
    categories: JSON.stringify(p.categories),
    primary_category: p.primaryCategory,
    comments: p.comments,
    journal_ref: p.journalRef,
    doi: p.doi,
    license: p.license,
    published_at: p.publishedAt,
    updated_at: p.updatedAt,
    code_urls: JSON.stringify(p.codeUrls),
    project_urls: JSON.stringify(p.projectUrls),
    source: p.source,
    featured_on: p.daily?.featuredOn ?? null,
    submitted_by: p.daily?.submittedBy ?? null,
    hf_upvotes: p.daily?.upvotes ?? 0,
    hf_comments: p.daily?.numComments ?? 0,
    hf_stars: p.daily?.githubStars ?? null,
    ai_keywords: JSON.stringify(p.daily?.aiKeywords ?? []),
    ai_summary: p.daily?.aiSummary ?? null,
    hf_profiles: p.daily?.hf ? JSON.stringify(p.daily.hf) : null,
    thumbnail_url: p.daily?.thumbnail ?? null,
    organization: p.daily?.organization ? JSON.stringify(p.daily.organization) : null,
    content_hash: '',
    created_at: createdAt,
    modified_at: modifiedAt,
  };
  row.content_hash = hashRow(row);
  return row;
}

/**
 * A parsed record as the row it would be stored as if nothing were known before (times left 0
 * for the store to set). Pure, so an import builds rows in its parse worker.
 */
export function rowFromInput(input: PaperInput): PaperRow {
  return toRow(paperFromInput(input), 0, 0);
}

function hashRow(row: PaperRow): string {
  // One string, one hash update: hashing is a visible share of a bulk import.
  let text = '';
  for (const c of HASHED) {
    const v = row[c];
    text += v === null ? '\u0000\u0001' : `${v}\u0001`;
  }
  // The one-shot hash() skips creating a Hash object per row (measurable at 60k rows).
  return hash('sha1', text, 'base64url');
}

/** A stored row as the Paper the rest of the program uses. */
export function rowToPaper(row: PaperRow): Paper {
  return {
    id: row.id,
    version: row.version,
    versions: JSON.parse(row.versions),
    title: row.title,
    abstract: row.abstract,
    authors: JSON.parse(row.authors),
    categories: JSON.parse(row.categories),
    primaryCategory: row.primary_category,
    comments: row.comments,
    journalRef: row.journal_ref,
    doi: row.doi,
    license: row.license,
    publishedAt: row.published_at,
    updatedAt: row.updated_at,
    codeUrls: JSON.parse(row.code_urls),
    projectUrls: JSON.parse(row.project_urls),
    source: row.source as SourceKind,
    daily:
      row.featured_on === null
        ? null
        : {
            featuredOn: row.featured_on,
            submittedBy: row.submitted_by,
            upvotes: row.hf_upvotes,
            numComments: row.hf_comments,
            githubStars: row.hf_stars,
            aiKeywords: JSON.parse(row.ai_keywords),
            aiSummary: row.ai_summary,
            ...(row.hf_profiles ? { hf: JSON.parse(row.hf_profiles) } : {}),
            thumbnail: row.thumbnail_url ?? null,
            organization: row.organization ? JSON.parse(row.organization) : null,
          },
    createdAt: row.created_at,
    modifiedAt: row.modified_at,
    ...(row.community_upvotes ? { communityUpvotes: Number(row.community_upvotes) } : {}),
  };
}
