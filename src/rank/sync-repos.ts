// Follows the catalog: links changed papers to their GitHub repositories and seeds history from Hugging Face.
import type { Db } from '../db/db.ts';
import {
  addStarSnapshots,
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
 * paper was featured, and its upvotes an upvote tally on that day — the history the demo ranks on.
 */
export async function syncPaperRepos(db: Db, batch = 1000, now = Date.now()): Promise<SyncResult> {
  const result: SyncResult = { papers: 0, links: 0, snapshots: 0, tallies: 0 };
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
      for (const { paper, repos } of refs) {
        const featured = paper.featured_on ? dayStart(paper.featured_on) : null;
        if (featured === null) continue;
        if (paper.hf_stars !== null && repos.length > 0) {
          snapshots.push({ repoId: ids.get(repos[0].url)!, at: featured, stars: Number(paper.hf_stars), source: 'hf' });
        }
        if (paper.hf_upvotes > 0) tallies.push({ paperId: paper.id, source: 'hf', at: featured, votes: Number(paper.hf_upvotes) });
      }
      await addStarSnapshots(tx, snapshots);
      await setUpvoteTallies(tx, tallies);
      const last = papers[papers.length - 1];
      await setSyncCursor(tx, CURSOR, Number(last.modified_at), last.id);
      result.papers += papers.length;
      result.links += links.length;
      result.snapshots += snapshots.length;
      result.tallies += tallies.length;
    });
  }
}
