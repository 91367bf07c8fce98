// Papers in Hugging Face's `/api/daily_papers` item shape, so existing clients of that API work here.
import { displayedUpvotes, type Paper } from '../model.ts';
import { safeHttpUrl } from '../safe-url.ts';

export interface DailyItem {
  paper: {
    id: string;
    title: string;
    summary: string;
    authors: { name: string }[];
    publishedAt: string | null;
    upvotes: number;
    githubRepo: string | null;
    githubStars: number | null;
    projectPage: string | null;
    submittedOnDailyAt: string | null;
    ai_summary: string | null;
    ai_keywords: string[];
  };
  publishedAt: string | null;
  title: string;
  summary: string;
  numComments: number;
  submittedBy: { name: string } | null;
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

/**
 * One item. Hugging Face's top-level `publishedAt` is the paper's publication time too; links are
 * passed only when http(s), so a client rendering them as links cannot be handed `javascript:`.
 */
export function toDailyItem(p: Paper): DailyItem {
  const publishedAt = iso(p.publishedAt);
  return {
    paper: {
      id: p.id,
      title: p.title,
      summary: p.abstract,
      authors: p.authors.map((name) => ({ name })),
      publishedAt,
      upvotes: displayedUpvotes(p),
      githubRepo: safeHttpUrl(p.codeUrls[0]),
      githubStars: p.daily?.githubStars ?? null,
      projectPage: safeHttpUrl(p.projectUrls[0]),
      submittedOnDailyAt: p.daily ? `${p.daily.featuredOn}T00:00:00.000Z` : null,
      ai_summary: p.daily?.aiSummary ?? null,
      ai_keywords: p.daily?.aiKeywords ?? [],
    },
    publishedAt,
    title: p.title,
    summary: p.abstract,
    numComments: p.daily?.numComments ?? 0,
    submittedBy: p.daily?.submittedBy ? { name: p.daily.submittedBy } : null,
  };
}
