// GET /api/papers/{id} and GET /api/papers/trending: one paper, and the trending list.
import { sendJson } from './json.ts';
import type { Context } from 'hono';
import type { Db } from '../db/db.ts';
import { loadTrending, TRENDING_WINDOWS } from '../listing/trending-window.ts';
import { getPaper } from '../store/papers.ts';
import { getPaperCommunityFacts } from '../store/paper-community.ts';
import { withCommunityLinks } from '../community/paper-view.ts';
import { toDailyItem } from './hf-shape.ts';
import { safeHttpUrl } from '../safe-url.ts';
import { enumParam, intParam, ParamError } from './params.ts';
import { isDay } from '../periods.ts';

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
 * The trending list as daily_papers items with each paper's score, the terms of the formula
 * (`parts`) and the sentence that explains them, plus the window it covers. `at=YYYY-MM-DD` ranks
 * as of the end of that day; without it, as of now, or of the latest day with activity when
 * nothing is recent (`fellBack`).
 */
export async function getTrendingJson(c: Context, db: Db): Promise<Response> {
  const window = enumParam('window', c.req.query('window'), TRENDING_WINDOWS, 'week');
  const limit = intParam('limit', c.req.query('limit'), 20, 1, 100);
  const at = c.req.query('at') || undefined;
  if (at !== undefined && !isDay(at)) throw new ParamError(`at must be a real day as YYYY-MM-DD, got ${JSON.stringify(at)}`);
  const list = await loadTrending(db, window, limit, 0, at);
  return sendJson(c, {
    window,
    asOf: list.asOf,
    from: list.from,
    fellBack: list.fellBack,
    total: list.total,
    papers: list.papers.map((p, i) => ({
      rank: i + 1,
      score: list.reasons[i]!.score,
      parts: list.reasons[i]!.parts,
      explanation: list.reasons[i]!.explanation,
      ...toDailyItem(p),
    })),
  });
}
