// GET /api/papers/{id} and GET /api/papers/trending: one paper, and the trending list.
import { sendJson } from './json.ts';
import type { Context } from 'hono';
import type { Db } from '../db/db.ts';
import { loadTrending, TRENDING_WINDOWS } from '../listing/trending-window.ts';
import { getPaper } from '../store/papers.ts';
import { getPaperCommunityFacts } from '../store/paper-community.ts';
import { withCommunityLinks } from '../community/paper-view.ts';
import { toDailyItem } from './hf-shape.ts';
import { safeHttpUrl } from '../web/format.ts';
import { enumParam, intParam } from './params.ts';

/** A paper by arXiv id; a trailing version (`2104.12255v2`) is ignored since papers are stored per id. */
export async function getPaperJson(c: Context, db: Db, rawId: string): Promise<Response> {
  const id = rawId.replace(/v\d+$/, '');
  const [stored, facts] = await Promise.all([getPaper(db, id), getPaperCommunityFacts(db, id)]);
  if (!stored || !facts || facts.hiddenAt !== null) return sendJson(c, { error: `no paper with id ${JSON.stringify(rawId)}` }, 404);
  const paper = withCommunityLinks(stored, facts);
  // Links a client might render are passed only when http(s).
  const links = (urls: string[]) => urls.map(safeHttpUrl).filter((u): u is string => u !== null);
  return sendJson(c, {
    ...paper,
    codeUrls: links(paper.codeUrls),
    projectUrls: links(paper.projectUrls),
    // Displayed upvotes: Hugging Face's count plus this site's members' votes.
    upvotes: facts.hfUpvotes + facts.communityUpvotes,
    communityUpvotes: facts.communityUpvotes,
  });
}

/**
 * The trending list as daily_papers items, plus the window it covers (`asOf` is the latest day
 * with activity). The trending feature adds each paper's score and explanation.
 */
export async function getTrendingJson(c: Context, db: Db): Promise<Response> {
  const window = enumParam('window', c.req.query('window'), TRENDING_WINDOWS, 'week');
  const limit = intParam('limit', c.req.query('limit'), 20, 1, 100);
  const list = await loadTrending(db, window, limit);
  return sendJson(c, {
    window,
    asOf: list.asOf,
    from: list.from,
    total: list.total,
    papers: list.papers.map((p, i) => ({ rank: i + 1, ...toDailyItem(p) })),
  });
}
