// Papers in Hugging Face's shapes (`/api/daily_papers` items and `/api/papers/{id}`), field names
// and types included, so Hugging Face's own clients (huggingface_hub's PaperInfo) work here unchanged.
import { displayedUpvotes, type HfAccount, type HfOrganization, type Paper } from '../model.ts';
import { safeHttpUrl } from '../safe-url.ts';

/** An account as Hugging Face writes it; the handle is `name` in an item's submittedBy and `user` elsewhere. */
export interface HfAccountJson {
  _id?: string;
  avatarUrl?: string;
  fullname: string;
  name?: string;
  user?: string;
  type: string;
}

export interface HfOrganizationJson {
  _id?: string;
  name: string;
  fullname: string;
  avatar?: string;
}

export interface HfAuthorJson {
  name: string;
  hidden: boolean;
  user?: HfAccountJson;
}

/** The paper object: `paper` in a daily_papers item, and (with our extra fields) `/api/papers/{id}`. */
export interface HfPaperJson {
  id: string;
  authors: HfAuthorJson[];
  publishedAt: string | null;
  submittedOnDailyAt: string | null;
  title: string;
  submittedOnDailyBy?: HfAccountJson;
  summary: string;
  upvotes: number;
  githubRepo: string | null;
  githubStars: number | null;
  projectPage: string | null;
  ai_summary: string | null;
  ai_keywords: string[];
  organization?: HfOrganizationJson;
}

export interface DailyItem {
  paper: HfPaperJson;
  publishedAt: string | null;
  title: string;
  summary: string;
  numComments: number;
  submittedBy: HfAccountJson | null;
  organization?: HfOrganizationJson;
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

/**
 * Hugging Face serves some avatars by path (`/avatars/….svg`), relative to huggingface.co; from
 * our host that path would not exist, so it is made absolute. Only http(s) URLs are passed on.
 */
function hfImageUrl(url: string | null): string | null {
  if (!url) return null;
  return safeHttpUrl(url.startsWith('/') && !url.startsWith('//') ? `https://huggingface.co${url}` : url);
}

function accountJson(a: HfAccount, handleKey: 'name' | 'user'): HfAccountJson {
  const avatarUrl = hfImageUrl(a.avatarUrl);
  return {
    ...(a.id ? { _id: a.id } : {}),
    ...(avatarUrl ? { avatarUrl } : {}),
    fullname: a.fullname ?? a.name,
    [handleKey]: a.name,
    type: a.type ?? 'user',
  };
}

function organizationJson(o: HfOrganization): HfOrganizationJson {
  const avatar = hfImageUrl(o.avatar);
  return { ...(o.id ? { _id: o.id } : {}), name: o.name, fullname: o.fullname ?? o.name, ...(avatar ? { avatar } : {}) };
}

/**
 * The submitter: Hugging Face's profile when the feature came from there, otherwise the member
 * of this site who submitted it (a handle only: no avatar, no Hugging Face id).
 */
function submitterAccount(p: Paper): HfAccount | null {
  const handle = p.daily?.submittedBy;
  if (!handle) return null;
  const known = p.daily?.hf?.submitter;
  if (known && known.name === handle) return known;
  return { id: null, name: handle, fullname: handle, avatarUrl: null, type: 'user' };
}

/** The paper object in Hugging Face's shape. Links are passed only when http(s), so a client rendering them cannot be handed `javascript:`. */
export function toHfPaper(p: Paper): HfPaperJson {
  const hf = p.daily?.hf ?? null;
  const submitter = submitterAccount(p);
  const accounts = hf?.authorAccounts ?? {};
  return {
    id: p.id,
    authors: p.authors.map((name) => {
      const account = Object.hasOwn(accounts, name) ? accounts[name] : undefined;
      return account ? { name, hidden: false, user: accountJson(account, 'user') } : { name, hidden: false };
    }),
    publishedAt: iso(p.publishedAt),
    submittedOnDailyAt: p.daily ? hf?.submittedAt ?? `${p.daily.featuredOn}T00:00:00.000Z` : null,
    title: p.title,
    ...(submitter ? { submittedOnDailyBy: accountJson(submitter, 'user') } : {}),
    summary: p.abstract,
    upvotes: displayedUpvotes(p),
    githubRepo: safeHttpUrl(p.codeUrls[0]),
    githubStars: p.daily?.githubStars ?? null,
    projectPage: safeHttpUrl(p.projectUrls[0]),
    ai_summary: p.daily?.aiSummary ?? null,
    ai_keywords: p.daily?.aiKeywords ?? [],
    ...(hf?.organization ? { organization: organizationJson(hf.organization) } : {}),
  };
}

/**
 * One daily_papers item. Hugging Face's top-level `publishedAt` is the paper's publication time
 * too (the client reads it as `submitted_at`, as it does against Hugging Face).
 */
export function toDailyItem(p: Paper): DailyItem {
  const paper = toHfPaper(p);
  const submitter = submitterAccount(p);
  return {
    paper,
    publishedAt: paper.publishedAt,
    title: p.title,
    summary: p.abstract,
    numComments: p.daily?.numComments ?? 0,
    submittedBy: submitter ? accountJson(submitter, 'name') : null,
    ...(paper.organization ? { organization: paper.organization } : {}),
  };
}
