// Follows the catalog: links changed papers to their GitHub repositories and seeds history from Hugging Face.
import type { Db } from '../db/db.ts';
import {
  addHfCounts,
  addStarSnapshots,
  addUpvotes,
  getLatestHfCounts,
  getSyncCursor,
  linkPaperRepos,
  listPapersChangedAfter,
  setSyncCursor,
  setUpvoteTallies,
  upsertRepos,
  type StarSnapshot,
} from '../store/repos.ts';
import { parseRepoUrl } from './repo-url.ts';

const CURSOR = 'paper-repos';

export interface SyncResult {
  papers: number;
  links: number;
  snapshots: number;
  tallies: number;
  /** Papers whose Hugging Face upvotes changed since the last harvest (counted as upvotes cast now). */
  upvoteChanges: number;
}

/** Midnight UTC starting a YYYY-MM-DD day, or null for anything else. */
export function dayStart(day: string): number | null {
  const t = Date.parse(`${day}T00:00:00Z`);
  return Number.isNaN(t) ? null : t;
}

/**
 * Walks papers changed since the last pass (a keyset cursor over modified_at, id, so a crash
 * resumes and a re-run does nothing). For each: its code URLs become repositories linked to it;
 * Hugging Face's `githubStars` becomes a star snapshot of the first repository on the day the
 * paper was featured. Hugging Face upvotes: the first count seen is a tally on the featured day
 * (the history the demo ranks on); after that, each change a harvest brings is a tally of the
 * difference at `now`, so upvote velocity counts like star velocity. Every count seen is kept in
 * hf_upvote_history. The cursor moves in the same transaction, so nothing is counted twice.
 */
export async function syncPaperRepos(db: Db, batch = 1000, now = Date.now()): Promise<SyncResult> {
  const result: SyncResult = { papers: 0, links: 0, snapshots: 0, tallies: 0, upvoteChanges: 0 };
  for (;;) {
    const cursor = await getSyncCursor(db, CURSOR);
    const papers = await listPapersChangedAfter(db, cursor.afterAt, cursor.afterId, batch);
    if (papers.length === 0) return result;
    await db.transaction(async (tx) => {
      const refs = papers.map((p) => ({
        paper: p,
        repos: (JSON.parse(p.code_urls) as string[]).map(parseRepoUrl).filter((r) => r !== null),
      }));
      const ids = await upsertRepos(tx, refs.flatMap((r) => r.repos), now);
      const links = refs.flatMap((r) => r.repos.map((repo) => ({ paperId: r.paper.id, repoId: ids.get(repo.url)! })));
      await linkPaperRepos(tx, links);
      const snapshots: StarSnapshot[] = [];
      const tallies: { paperId: string; source: string; at: number; votes: number }[] = [];
      const seen: { paperId: string; at: number; upvotes: number; comments: number }[] = [];
      const changes: { paperId: string; delta: number }[] = [];
      const recorded = await getLatestHfCounts(tx, papers.filter((p) => p.featured_on).map((p) => p.id));
      for (const { paper, repos } of refs) {
        const featured = paper.featured_on ? dayStart(paper.featured_on) : null;
        if (featured === null) continue;
        if (paper.hf_stars !== null && repos.length > 0) {
          snapshots.push({ repoId: ids.get(repos[0].url)!, at: featured, stars: Number(paper.hf_stars), source: 'hf' });
        }
        const upvotes = Number(paper.hf_upvotes);
        const comments = Number(paper.hf_comments ?? 0);
        const last = recorded.get(paper.id);
        if (!last) {
          if (upvotes > 0) tallies.push({ paperId: paper.id, source: 'hf', at: featured, votes: upvotes });
          seen.push({ paperId: paper.id, at: Math.min(featured, now), upvotes, comments });
        } else if (last.upvotes !== upvotes || last.comments !== comments) {
          if (upvotes !== last.upvotes) changes.push({ paperId: paper.id, delta: upvotes - last.upvotes });
          seen.push({ paperId: paper.id, at: Math.max(now, last.at + 1), upvotes, comments });
        }
      }
      await addStarSnapshots(tx, snapshots);
      await setUpvoteTallies(tx, tallies);
      await addHfCounts(tx, seen);
      for (const c of changes) await addUpvotes(tx, c.paperId, now, c.delta, 'hf');
      const last = papers[papers.length - 1];
      await setSyncCursor(tx, CURSOR, Number(last.modified_at), last.id);
      result.papers += papers.length;
      result.links += links.length;
      result.snapshots += snapshots.length;
      result.tallies += tallies.length;
      result.upvoteChanges += changes.length;
    });
  }
}
