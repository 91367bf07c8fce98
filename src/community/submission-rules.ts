// The rules a submission must pass (as on Hugging Face Daily Papers); each refusal is one sentence.
import { DAY_MS } from '../periods.ts';

export interface SubmissionCheck {
  paperId: string;
  /** Null when the paper is not in the catalog. */
  paper: { publishedAt: number | null; featuredOn: string | null; hiddenAt: number | null } | null;
  isCurator: boolean;
  /** Submissions the member already made today. */
  submittedToday: number;
  now: number;
  windowDays: number;
  perDay: number;
}

/** Null when the submission is allowed, otherwise the reason it is not. */
export function refuseSubmission(c: SubmissionCheck): string | null {
  if (!c.paper) return `arXiv paper ${c.paperId} could not be found.`;
  if (c.paper.hiddenAt !== null) return `arXiv paper ${c.paperId} was removed by a moderator and cannot be submitted.`;
  if (c.paper.featuredOn !== null) return `arXiv paper ${c.paperId} is already on Daily Papers (featured on ${c.paper.featuredOn}).`;
  if (c.isCurator) return null;
  if (c.paper.publishedAt === null) return `arXiv paper ${c.paperId} has no known publication date, so only a curator can feature it.`;
  const ageDays = (c.now - c.paper.publishedAt) / DAY_MS;
  if (ageDays > c.windowDays) {
    return `arXiv paper ${c.paperId} was published ${Math.floor(ageDays)} days ago; only papers from the last ${c.windowDays} days can be submitted.`;
  }
  if (c.submittedToday >= c.perDay) {
    return `You have reached today's limit of ${c.perDay} submission${c.perDay === 1 ? '' : 's'}; try again tomorrow (UTC).`;
  }
  return null;
}
