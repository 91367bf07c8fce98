// GET /api/papers/{id} and GET /api/papers/trending: one paper, and the trending list. The data
// functions serve the JSON API and the MCP tools alike, so both answer the same papers.
import { sendJson } from './json.ts';
import type { Context } from 'hono';
import type { Db } from '../db/db.ts';
import type { Paper } from '../model.ts';
import { loadTrending, TRENDING_WINDOWS } from '../trending/listing.ts';
import { getPaper } from '../store/papers.ts';
import { getPaperCommunityFacts } from '../store/paper-community.ts';
import { withCommunityLinks } from '../community/paper-view.ts';
import { toDailyItem, toHfPaper } from './hf-shape.ts';
import { safeHttpUrl } from '../safe-url.ts';
import { categoryParam, enumParam, intParam, ParamError, type Query } from './params.ts';
import { isDay } from '../periods.ts';

/** A visible paper by arXiv id, with members' votes and the links authors set; a trailing version is ignored. */
export async function loadVisiblePaper(db: Db, rawId: string): Promise<Paper | null> {
  const id = rawId.replace(/v\d+$/, '');
  const [stored, facts] = await Promise.all([getPaper(db, id), getPaperCommunityFacts(db, id)]);
  if (!stored || !facts || facts.hiddenAt !== null) return null;
  return { ...withCommunityLinks(stored, facts), communityUpvotes: facts.communityUpvotes };
}

/**
 * A paper in Hugging Face's `/api/papers/{id}` shape, plus fields of our own under names Hugging
 * Face does not use (huggingface_hub keeps unknown keys as attributes, so a name it reads, like
 * `comments`, must never carry a different type).
 */
export function paperJson(paper: Paper) {
  // Links a client might render are passed only when http(s).
  const links = (urls: string[]) => urls.map(safeHttpUrl).filter((u): u is string => u !== null);
  return {
    // Upvotes here and in every listing: Hugging Face's count plus this site's members' votes.
    ...toHfPaper(paper),
    numComments: paper.daily?.numComments ?? 0,
    featuredOn: paper.daily?.featuredOn ?? null,
    communityUpvotes: paper.communityUpvotes ?? 0,
    version: paper.version,
    versions: paper.versions,
    categories: paper.categories,
    primaryCategory: paper.primaryCategory,
    arxivComments: paper.comments,
    journalRef: paper.journalRef,
    doi: paper.doi,
    license: paper.license,
    updatedAt: paper.updatedAt === null ? null : new Date(paper.updatedAt).toISOString(),
    codeUrls: links(paper.codeUrls),
    projectUrls: links(paper.projectUrls),
    source: paper.source,
  };
}

async function getPaperJson(c: Context, db: Db, rawId: string): Promise<Response> {
  const paper = await loadVisiblePaper(db, rawId);
  if (!paper) return sendJson(c, { error: `no paper with id ${JSON.stringify(rawId)}` }, 404);
  return sendJson(c, paperJson(paper));
}

/**
 * The trending list as daily_papers items with each paper's score, the terms of the formula
 * (`parts`) and the sentence that explains them, plus the window it covers. `at=YYYY-MM-DD` ranks
 * as of the end of that day; without it, as of now, or of the latest day with activity when
 * nothing is recent (`fellBack`). `category` keeps papers of one arXiv category.
 */
export async function trendingJson(db: Db, get: Query) {
  const window = enumParam('window', get('window'), TRENDING_WINDOWS, 'week');
  const limit = intParam('limit', get('limit'), 20, 1, 100);
  const at = get('at') || undefined;
  if (at !== undefined && !isDay(at)) throw new ParamError(`at must be a real day as YYYY-MM-DD, got ${JSON.stringify(at)}`);
  const category = categoryParam(get('category'));
  const list = await loadTrending(db, { window, limit, day: at, category });
  return {
    window,
    ...(category ? { category } : {}),
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
  };
}

async function getTrendingJson(c: Context, db: Db): Promise<Response> {
  return sendJson(c, await trendingJson(db, (name) => c.req.query(name)));
}

/** `GET /api/papers/{id}` and `GET /api/papers/trending`, as the route table mounts them. */
export function paperApiHandlers(db: Db) {
  return {
    paper: (c: Context) => getPaperJson(c, db, c.req.param('id')!),
    trending: (c: Context) => getTrendingJson(c, db),
  };
}
