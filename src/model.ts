// Plain data types shared by every layer: what parsers produce and what the store returns.

/** One arXiv version of a paper: `v2` → 2, with its submission time (epoch ms) when known. */
export interface PaperVersion {
  version: number;
  date: number | null;
}

/** Where a record came from; decides which facts win when two sources disagree (see store/merge-paper.ts). */
export type SourceKind =
  | 'arxiv-api'
  | 'arxiv-oai'
  | 'kaggle'
  | 'hf-daily'
  | 'jsonl'
  | 'listing'
  | 'submission';

/** Facts only Hugging Face Daily Papers (or our own community curation) knows about a paper. */
export interface DailyFacts {
  /** The day (YYYY-MM-DD) the paper was featured on Daily Papers. */
  featuredOn: string;
  /** Handle of the person who submitted it to Daily Papers. */
  submittedBy: string | null;
  upvotes: number;
  numComments: number;
  /** GitHub stars of the code repository as seen by the source, if any. */
  githubStars: number | null;
  aiKeywords: string[];
  aiSummary: string | null;
  /** What Hugging Face showed about the people and organization behind the feature, when it came from there. */
  hf?: HfProfiles | null;
  /** The source's picture of the paper (Hugging Face's social thumbnail), fetched and stored by a job. */
  thumbnail?: string | null;
  /** The organisation the paper was submitted under, with its avatar's source URL. */
  organization?: Organization | null;
}

/** An organisation on Hugging Face (`ByteDance-Seed`, "ByteDance Seed"); pages show our stored copy of its avatar. */
export interface Organization {
  name: string;
  fullname: string | null;
  avatar: string | null;
}

/** A Hugging Face account as Daily Papers shows it: the submitter, or an author who claimed the paper. */
export interface HfAccount {
  /** Hugging Face's object id (`_id`). */
  id: string | null;
  /** The handle. */
  name: string;
  fullname: string | null;
  avatarUrl: string | null;
  /** `user` or `org`. */
  type: string | null;
}

export interface HfOrganization {
  id: string | null;
  name: string;
  fullname: string | null;
  avatar: string | null;
}

/**
 * Hugging Face's account facts about a featured paper, kept so our Hugging Face-compatible API can
 * answer them back (clients read the submitter's full name and avatar, and the organization).
 */
export interface HfProfiles {
  /** Exact submission time, ISO 8601 (`submittedOnDailyAt`). */
  submittedAt: string | null;
  submitter: HfAccount | null;
  organization: HfOrganization | null;
  /** Accounts of authors who claimed the paper on Hugging Face, by author name. */
  authorAccounts: Record<string, HfAccount>;
}

/**
 * One paper as a parser read it from one source. Every field but `id` and `title` may be
 * unknown (empty array / null / 0): the store merges records from several sources into one paper.
 */
export interface PaperInput {
  /** arXiv id without version: `2503.12533`, `hep-th/9901001`. */
  id: string;
  /** Latest version number the source knows; 0 when it does not say. */
  version: number;
  versions: PaperVersion[];
  title: string;
  abstract: string;
  /** Author names in order. */
  authors: string[];
  /** Categories with the primary one first. */
  categories: string[];
  primaryCategory: string | null;
  comments: string | null;
  journalRef: string | null;
  doi: string | null;
  license: string | null;
  /** First-published time (epoch ms). */
  publishedAt: number | null;
  /** Time of the latest version or metadata update (epoch ms). */
  updatedAt: number | null;
  /** Canonical `https://github.com/owner/repo` URLs. */
  codeUrls: string[];
  /** Project pages (non-GitHub homepages). */
  projectUrls: string[];
  daily: DailyFacts | null;
  source: SourceKind;
}

/** A paper as stored: the merge of every record seen for its id. */
export interface Paper extends Omit<PaperInput, 'source'> {
  /** Upvotes by this site's members (absent when none); not part of the imported record. */
  communityUpvotes?: number;
  /** The most authoritative source that contributed the core fields. */
  source: SourceKind;
  /** When this service first saw the paper (epoch ms). */
  createdAt: number;
  /** When this service last changed its record (epoch ms). */
  modifiedAt: number;
}

/** A record an importer could not use, with where it was and why. */
export interface Reject {
  /** `file:line`, `file#entry 3`, or `file` for a whole file. */
  where: string;
  reason: string;
}

/** How often a subscriber gets a digest. */
export type DigestPeriod = 'daily' | 'weekly';

/** What a subscriber wants to hear about; all empty means "everything trending". */
export interface Topics {
  /** arXiv categories such as cs.CL; a paper matches when it has any of them. */
  categories: string[];
  /** Words or phrases; a paper matches when its title or abstract contains any of them. */
  keywords: string[];
  /** A saved search; a paper matches when its title or abstract contains every term of it. */
  query: string | null;
}

export type SubscriberState = 'pending' | 'confirmed' | 'unsubscribed';

export interface Subscriber {
  id: number;
  email: string;
  state: SubscriberState;
  frequency: DigestPeriod;
  /** Weekly subscribers' day, 0 = Sunday … 6 = Saturday; null for daily. */
  weekday: number | null;
  topics: Topics;
  createdAt: number;
  confirmedAt: number | null;
}

/** The upvotes pages, feeds and the API show: Hugging Face's count plus this site's members' votes. */
export function displayedUpvotes(p: Pick<Paper, 'daily' | 'communityUpvotes'>): number {
  return (p.daily?.upvotes ?? 0) + (p.communityUpvotes ?? 0);
}
