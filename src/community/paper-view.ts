// Everything the community shows beside a paper, loaded in one place for the paper page and rows.
import type { Db } from '../db/db.ts';
import type { Paper } from '../model.ts';
import { getPaperCommunityFacts, type PaperCommunityFacts } from '../store/paper-community.ts';
import { hasVoted, listVotedPaperIds } from '../store/votes.ts';
import { listPaperComments, type Comment } from '../store/comments.ts';
import { getClaimStatus, type ClaimStatus } from '../store/moderation.ts';

export interface PaperCommunityView {
  paperId: string;
  /** Displayed upvotes: Hugging Face's count plus this site's members' votes. */
  upvotes: number;
  upvoted: boolean;
  hidden: boolean;
  comments: Comment[];
  claim: ClaimStatus | null;
  codeUrl: string | null;
  projectUrl: string | null;
}

export async function loadPaperCommunity(db: Db, viewerId: number | null, paperId: string, known?: PaperCommunityFacts): Promise<PaperCommunityView | null> {
  // Started together: on PostgreSQL each is a round trip of its own. `known`: the facts the caller
  // has just read (the paper page checks them first), not read again.
  const [facts, upvoted, comments, claim] = await Promise.all([
    known ?? getPaperCommunityFacts(db, paperId),
    viewerId === null ? false : hasVoted(db, viewerId, paperId),
    listPaperComments(db, paperId),
    viewerId === null ? null : getClaimStatus(db, paperId, viewerId),
  ]);
  if (!facts) return null;
  return paperCommunityView(paperId, facts, comments, upvoted, claim);
}

/** The view of facts, comments and the viewer's marks read elsewhere (store/page-reads.ts reads them in one statement). */
export function paperCommunityView(paperId: string, facts: PaperCommunityFacts, comments: Comment[], upvoted: boolean, claim: ClaimStatus | null): PaperCommunityView {
  return {
    paperId,
    upvotes: facts.hfUpvotes + facts.communityUpvotes,
    upvoted,
    hidden: facts.hiddenAt !== null,
    comments,
    claim,
    codeUrl: facts.codeUrl,
    projectUrl: facts.projectUrl,
  };
}

/** For a list of papers: which ones the viewer upvoted (one query). */
export async function loadVotedSet(db: Db, viewerId: number | null, paperIds: string[]): Promise<Set<string>> {
  return viewerId === null ? new Set() : listVotedPaperIds(db, viewerId, paperIds);
}

/** The paper with the links an author or curator set in place of the extracted ones. */
export function withCommunityLinks(paper: Paper, view: { codeUrl: string | null; projectUrl: string | null }): Paper {
  if (!view.codeUrl && !view.projectUrl) return paper;
  return {
    ...paper,
    codeUrls: view.codeUrl ? [view.codeUrl] : paper.codeUrls,
    projectUrls: view.projectUrl ? [view.projectUrl] : paper.projectUrls,
  };
}
