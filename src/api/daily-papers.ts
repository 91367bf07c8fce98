// GET /api/daily_papers: a day's, week's or month's featured papers in Hugging Face's item shape, paged.
import { sendJson } from './json.ts';
import type { Context } from 'hono';
import type { Db } from '../db/db.ts';
import { latestPeriod } from '../listing/daily-period.ts';
import { countFeaturedPapers, listFeaturedPapers } from '../store/daily.ts';
import { toDailyItem } from './hf-shape.ts';
import { enumParam, intParam, periodParam } from './params.ts';

export const API_SORTS = ['trending', 'publishedAt'] as const;
export const MAX_LIMIT = 100;

/**
 * Without date/week/month: the latest day that has papers (Hugging Face answers today's list).
 * `p` is a 0-based page number, as on Hugging Face; a `Link: <…>; rel="next"` header points to the
 * next page while there is one, and `X-Total-Count` gives the period's total.
 */
export async function getDailyPapers(
  c: Context,
  db: Db,
  publicUrl: string,
  /** Told which papers the answer lists (the response cache drops it when one of them changes). */
  shown: (ids: string[]) => void = () => {},
): Promise<Response> {
  const q = c.req.query();
  const requested = periodParam(q);
  const sort = enumParam('sort', q.sort, API_SORTS, 'trending');
  const page = intParam('p', q.p, 0, 0, 100_000);
  const limit = intParam('limit', q.limit, 50, 1, MAX_LIMIT);
  const period = requested ?? (await latestPeriod(db, 'day'));
  if (!period) return sendJson(c, []);
  const [papers, total] = await Promise.all([
    listFeaturedPapers(db, { from: period.from, to: period.to, sort, limit, offset: page * limit }),
    countFeaturedPapers(db, period.from, period.to),
  ]);
  shown(papers.map((p) => p.id));
  if ((page + 1) * limit < total) {
    const next = new URL('/api/daily_papers', publicUrl);
    next.searchParams.set(period.kind === 'day' ? 'date' : period.kind, period.key);
    if (sort !== 'trending') next.searchParams.set('sort', sort);
    next.searchParams.set('p', String(page + 1));
    next.searchParams.set('limit', String(limit));
    c.header('Link', `<${next.href}>; rel="next"`);
  }
  c.header('X-Total-Count', String(total));
  return sendJson(c, papers.map(toDailyItem));
}
