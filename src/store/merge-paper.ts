// Merges a newly parsed record into the stored paper: which source's facts win, field by field.
import type { DailyFacts, Paper, PaperInput, PaperVersion, SourceKind } from '../model.ts';

/**
 * How much a source is trusted for bibliographic facts. arXiv's own interfaces are the record of
 * truth; the Kaggle snapshot is a dump of them; plain JSONL and Hugging Face copy them; a pasted
 * listing has only title and abstract.
 */
const SOURCE_RANK: Record<SourceKind, number> = {
  'arxiv-oai': 5,
  'arxiv-api': 5,
  kaggle: 4,
  jsonl: 3,
  'hf-daily': 2,
  submission: 2,
  listing: 1,
};

export function sourceRank(source: SourceKind): number {
  return SOURCE_RANK[source] ?? 0;
}

type Merged = Omit<Paper, 'createdAt' | 'modifiedAt'>;

const isEmpty = (v: unknown): boolean =>
  v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

/** Union of two lists, order kept, first occurrence wins. */
function union<T>(a: readonly T[], b: readonly T[]): T[] {
  return [...new Set([...a, ...b])];
}

/**
 * Union of two URL lists ignoring case and a trailing slash: GitHub owners and hosts are
 * case-insensitive, and sources spell the same repository differently.
 */
function unionUrls(a: readonly string[], b: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const url of [...a, ...b]) {
    const key = url.toLowerCase().replace(/\/+$/, '');
    if (!seen.has(key)) {
      seen.add(key);
      out.push(url);
    }
  }
  return out;
}

/** Version histories joined by number; an entry with a date beats one without. */
export function mergeVersions(a: readonly PaperVersion[], b: readonly PaperVersion[]): PaperVersion[] {
  const byNumber = new Map<number, PaperVersion>();
  for (const v of [...a, ...b]) {
    const known = byNumber.get(v.version);
    if (!known || (known.date === null && v.date !== null)) byNumber.set(v.version, v);
  }
  return [...byNumber.values()].sort((x, y) => x.version - y.version);
}

/** A record as it would be stored if nothing were known before. */
export function paperFromInput(input: PaperInput): Merged {
  return {
    ...input,
    versions: mergeVersions([], input.versions),
    categories: union(input.categories, []),
    codeUrls: unionUrls(input.codeUrls, []),
    projectUrls: unionUrls(input.projectUrls, []),
    daily: input.daily ? { ...input.daily } : null,
  };
}

/**
 * The stored paper after seeing `input`. Deterministic and idempotent: merging the same input
 * twice gives the same paper, so a re-import changes nothing.
 *
 * A record with a newer arXiv version, or the same version from an equally or more trusted
 * source, is authoritative: its non-empty fields replace the stored ones. Otherwise it only fills
 * fields that are still empty. Links and versions accumulate. Daily Papers facts (upvotes, stars)
 * are a live count, so the latest record that has them replaces them.
 */
export function mergePaper(stored: Merged, input: PaperInput): Merged {
  const authoritative =
    input.version > stored.version || (input.version === stored.version && sourceRank(input.source) >= sourceRank(stored.source));
  const pick = <K extends keyof PaperInput & keyof Merged>(key: K): Merged[K] => {
    const mine = stored[key];
    const theirs = input[key] as unknown as Merged[K];
    if (authoritative) return isEmpty(theirs) ? mine : theirs;
    return isEmpty(mine) ? theirs : mine;
  };
  const categories = pick('categories');
  return {
    id: stored.id,
    version: Math.max(stored.version, input.version),
    versions: mergeVersions(stored.versions, input.versions),
    title: pick('title'),
    abstract: pick('abstract'),
    authors: pick('authors'),
    categories,
    primaryCategory: categories === stored.categories ? stored.primaryCategory ?? input.primaryCategory : pick('primaryCategory'),
    comments: pick('comments'),
    journalRef: pick('journalRef'),
    doi: pick('doi'),
    license: pick('license'),
    publishedAt: pick('publishedAt'),
    updatedAt: pick('updatedAt'),
    codeUrls: unionUrls(stored.codeUrls, input.codeUrls),
    projectUrls: unionUrls(stored.projectUrls, input.projectUrls),
    daily: mergeDaily(stored.daily, input.daily),
    source: authoritative ? input.source : stored.source,
  };
}

function mergeDaily(stored: DailyFacts | null, input: DailyFacts | null): DailyFacts | null {
  if (!input) return stored;
  if (!stored) return { ...input };
  // Facts from an earlier featured day are older counts: keeping the latest day's makes a
  // re-import of several days give the same result in any order.
  if (input.featuredOn && stored.featuredOn && input.featuredOn < stored.featuredOn) return stored;
  // The account facts belong to the submission they came with: a new submitter's replace them whole.
  const hf = input.hf ?? (input.submittedBy && input.submittedBy !== stored.submittedBy ? null : stored.hf ?? null);
  return {
    featuredOn: input.featuredOn || stored.featuredOn,
    submittedBy: input.submittedBy ?? stored.submittedBy,
    upvotes: input.upvotes,
    numComments: input.numComments,
    githubStars: input.githubStars ?? stored.githubStars,
    aiKeywords: input.aiKeywords.length ? input.aiKeywords : stored.aiKeywords,
    aiSummary: input.aiSummary ?? stored.aiSummary,
    ...(hf ? { hf } : {}),
    thumbnail: input.thumbnail ?? stored.thumbnail ?? null,
    organization: input.organization ?? stored.organization ?? null,
  };
}
