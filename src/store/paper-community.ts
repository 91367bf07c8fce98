// SQL for the community's facts about a paper: vote count, hidden flag, link overrides, submitter.
import { sql, type Db } from '../db/db.ts';

export interface PaperCommunityFacts {
  communityUpvotes: number;
  hfUpvotes: number;
  hiddenAt: number | null;
  featuredOn: string | null;
  publishedAt: number | null;
  codeUrl: string | null;
  projectUrl: string | null;
}

export async function getPaperCommunityFacts(db: Db, paperId: string): Promise<PaperCommunityFacts | null> {
  const row = await db.get<{
    community_upvotes: number;
    hf_upvotes: number;
    hidden_at: number | null;
    featured_on: string | null;
    published_at: number | null;
    code_url: string | null;
    project_url: string | null;
  }>(sql`SELECT p.community_upvotes, p.hf_upvotes, p.hidden_at, p.featured_on, p.published_at, o.code_url, o.project_url
    FROM papers p LEFT JOIN paper_link_overrides o ON o.paper_id = p.id WHERE p.id = ${paperId}`);
  if (!row) return null;
  return {
    communityUpvotes: Number(row.community_upvotes),
    hfUpvotes: Number(row.hf_upvotes),
    hiddenAt: row.hidden_at,
    featuredOn: row.featured_on,
    publishedAt: row.published_at,
    codeUrl: row.code_url,
    projectUrl: row.project_url,
  };
}

export async function setPaperHidden(db: Db, paperId: string, hiddenAt: number | null): Promise<boolean> {
  return (await db.run(sql`UPDATE papers SET hidden_at = ${hiddenAt} WHERE id = ${paperId}`)) > 0;
}

export async function upsertLinkOverride(db: Db, o: { paperId: string; codeUrl: string | null; projectUrl: string | null; setBy: number }, now = Date.now()): Promise<void> {
  await db.run(sql`INSERT INTO paper_link_overrides (paper_id, code_url, project_url, set_by, set_at)
    VALUES (${o.paperId}, ${o.codeUrl}, ${o.projectUrl}, ${o.setBy}, ${now})
    ON CONFLICT (paper_id) DO UPDATE SET code_url = excluded.code_url, project_url = excluded.project_url,
      set_by = excluded.set_by, set_at = excluded.set_at`);
}

export interface ProfilePaper {
  id: string;
  title: string;
  at: number;
}

/** Papers a member submitted, newest first. */
export async function listSubmittedPapers(db: Db, userId: number, limit = 100): Promise<ProfilePaper[]> {
  return db.all<ProfilePaper>(sql`SELECT p.id, p.title, s.created_at AS at FROM submissions s JOIN papers p ON p.id = s.paper_id
    WHERE s.user_id = ${userId} AND p.hidden_at IS NULL ORDER BY s.created_at DESC, p.id LIMIT ${limit}`);
}

/** Papers a member upvoted, most recent vote first. */
export async function listUpvotedPapers(db: Db, userId: number, limit = 100): Promise<ProfilePaper[]> {
  return db.all<ProfilePaper>(sql`SELECT p.id, p.title, v.created_at AS at FROM votes v JOIN papers p ON p.id = v.paper_id
    WHERE v.user_id = ${userId} AND p.hidden_at IS NULL ORDER BY v.created_at DESC, p.id LIMIT ${limit}`);
}

/** Papers whose authorship claim by the member an admin approved. */
export async function listAuthoredPapers(db: Db, userId: number, limit = 100): Promise<ProfilePaper[]> {
  return db.all<ProfilePaper>(sql`SELECT p.id, p.title, a.decided_at AS at FROM authorship_claims a JOIN papers p ON p.id = a.paper_id
    WHERE a.user_id = ${userId} AND a.status = 'approved' AND p.hidden_at IS NULL ORDER BY a.decided_at DESC, p.id LIMIT ${limit}`);
}
