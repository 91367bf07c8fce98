// GET /api/daily_papers: a day's, week's or month's featured papers in Hugging Face's item shape, paged.
import { sendJson } from './json.ts';
import type { Context } from 'hono';
import type { Db } from '../db/db.ts';
import { latestPeriod } from '../listing/daily-period.ts';
import { countFeaturedPapers, listFeaturedPapers } from '../store/daily.ts';
import { toDailyItem } from './hf-shape.ts';
import { enumParam, intParam, ParamError, periodParam } from './params.ts';

export const API_SORTS = ['trending', 'publishedAt'] as const;
export const MAX_LIMIT = 100;

/** Hugging Face and local handles: letters, digits, `-`, `_`, `.`. */
const HANDLE = /^[A-Za-z0-9._-]{1,96}$/;

/** A submitter's handle, or undefined when not asked for. */
function submitterParam(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (!HANDLE.test(raw)) throw new ParamError(`submitter must be a user name (letters, digits, - _ .), got ${JSON.stringify(raw)}`);
  return raw;
}

/**
 * Without date/week/month: the latest day that has papers (Hugging Face answers today's list), or
 * with `submitter`, every day: a submitter's papers are few and rarely all on the latest day.
 * `p` is a 0-based page number, as on Hugging Face; a `Link: <…>; rel="next"` header points to the
 * next page while there is one, and `X-Total-Count` gives the period's total.
 */
export async function getDailyPapers(c: Context, db: Db, publicUrl: string): Promise<Response> {
  const q = c.req.query();
  const requested = periodParam(q);
  const sort = enumParam('sort', q.sort, API_SORTS, 'trending');
  const page = intParam('p', q.p, 0, 0, 100_000);
  const limit = intParam('limit', q.limit, 50, 1, MAX_LIMIT);
  const submitter = submitterParam(q.submitter);
  const period = requested ?? (submitter ? null : await latestPeriod(db, 'day'));
  if (!period && !submitter) return sendJson(c, []);
  const [from, to] = period ? [period.from, period.to] : ['0000-01-01', '9999-12-31'];
  const [papers, total] = await Promise.all([
    listFeaturedPapers(db, { from, to, submitter, sort, limit, offset: page * limit }),
    countFeaturedPapers(db, from, to, submitter),
  ]);
  if ((page + 1) * limit < total) {
    const next = new URL('/api/daily_papers', publicUrl);
    if (period) next.searchParams.set(period.kind === 'day' ? 'date' : period.kind, period.key);
    if (submitter) next.searchParams.set('submitter', submitter);
    if (sort !== 'trending') next.searchParams.set('sort', sort);
    next.searchParams.set('p', String(page + 1));
    next.searchParams.set('limit', String(limit));
    c.header('Link', `<${next.href}>; rel="next"`);
  }
  c.header('X-Total-Count', String(total));
  return sendJson(c, papers.map(toDailyItem));
}
