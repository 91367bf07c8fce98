// GET /api/daily_papers: a day's, week's or month's featured papers in Hugging Face's item shape, paged.
import { safeJsonStringify, sendJsonText } from './json.ts';
import type { AnswerText } from './answer-text.ts';
import type { Context } from 'hono';
import type { Db } from '../db/db.ts';
import { displayedUpvotes, type Paper } from '../model.ts';
import { latestPeriod } from '../daily/listing.ts';
import { countFeaturedPapers, listFeaturedPapers, readFeaturedStamps } from '../store/daily.ts';
import { papersOfStamps } from '../store/papers.ts';
import type { Period } from '../periods.ts';
import { toDailyItem, type DailyItem } from './hf-shape.ts';
import type { PaperMemo } from '../store/paper-memo.ts';
import type { CatalogFacts, CatalogMemo } from '../daily/catalog-memo.ts';
import { enumParam, intParam, ParamError, periodParam, type Query } from './params.ts';

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

export interface DailyPapersPage {
  items: DailyItem[];
  /** Papers in the whole period (or of the submitter). */
  total: number;
  /** URL of the next page, or null on the last. */
  next: string | null;
}

/**
 * Without date/week/month: the latest day that has papers (Hugging Face answers today's list), or
 * with `submitter`, every day: a submitter's papers are few and rarely all on the latest day.
 * `p` is a 0-based page number, as on Hugging Face.
 */
export async function dailyPapersPage(db: Db, get: Query, publicUrl: string): Promise<DailyPapersPage> {
  const { papers, total, next } = await dailyPapersSelection(db, get, publicUrl);
  return { items: papers.map(toDailyItem), total, next };
}

/** dailyPapersPage's papers, before they are put in Hugging Face's item shape. */
async function dailyPapersSelection(db: Db, get: Query, publicUrl: string, kept?: PaperMemo, catalog?: CatalogMemo): Promise<{ papers: Paper[]; total: number; next: string | null }> {
  const asked: Asked = {
    requested: periodParam({ date: get('date'), week: get('week'), month: get('month') }),
    sort: enumParam('sort', get('sort'), API_SORTS, 'trending'),
    page: intParam('p', get('p'), 0, 0, 100_000),
    limit: intParam('limit', get('limit'), 50, 1, MAX_LIMIT),
    submitter: submitterParam(get('submitter')),
  };
  // With kept papers, first with the facts kept for the version last read, checked against the
  // version read with the page's stamps (one statement); read afresh when it has moved since.
  const last = kept ? catalog?.last() : null;
  const known = last && kept ? await selectPage(db, asked, publicUrl, kept, last, last.version) : null;
  return known ?? (await selectPage(db, asked, publicUrl, kept, catalog ? await catalog.now(db) : undefined))!;
}

interface Asked {
  requested: Period | null;
  sort: (typeof API_SORTS)[number];
  page: number;
  limit: number;
  submitter: string | undefined;
}

/**
 * The page asked for, its period's count and the next page's URL. With `version`, `facts` are those
 * kept for it and the page's stamps are read with the catalog's version: null when the catalog
 * has moved on since (or the page is empty, so no version was read); the caller then asks again
 * with the facts of the version as it is now.
 */
async function selectPage(db: Db, asked: Asked, publicUrl: string, kept?: PaperMemo, facts?: CatalogFacts, version?: number): Promise<{ papers: Paper[]; total: number; next: string | null } | null> {
  const { requested, sort, page, limit, submitter } = asked;
  // Kept per catalog version (daily/catalog-memo.ts): the latest day and a period's count.
  const period = requested ?? (submitter ? null : await latestPeriod(db, 'day', facts));
  if (!period && !submitter) return { papers: [], total: 0, next: null };
  const [from, to] = period ? [period.from, period.to] : ['0000-01-01', '9999-12-31'];
  const q = { from, to, submitter, sort, limit, offset: page * limit };
  const count = () => countFeaturedPapers(db, from, to, submitter);
  const [papers, total] = await Promise.all([
    version !== undefined && kept
      ? readFeaturedStamps(db, q).then((read) => (read.version === version ? papersOfStamps(db, read.stamps, kept, true) : null))
      : listFeaturedPapers(db, q, kept),
    facts && submitter === undefined ? facts.get(`count ${from} ${to}`, count) : count(),
  ]);
  if (!papers) return null;
  let next: string | null = null;
  if ((page + 1) * limit < total) {
    const url = new URL('/api/daily_papers', publicUrl);
    if (period) url.searchParams.set(period.kind === 'day' ? 'date' : period.kind, period.key);
    if (submitter) url.searchParams.set('submitter', submitter);
    if (sort !== 'trending') url.searchParams.set('sort', sort);
    url.searchParams.set('p', String(page + 1));
    url.searchParams.set('limit', String(limit));
    next = url.href;
  }
  return { papers, total, next };
}

/**
 * Each paper's item as JSON, kept while the paper is unchanged (its modification time and its
 * upvotes, the one field that changes without it): serialising a page of items was a fifth of an
 * uncached answer's CPU (a month's page is 200 kB of JSON); joined, the kept pieces are the same
 * bytes as the whole array serialised at once.
 */
function itemJsonMemo(maxPapers = 5000): (p: Paper) => string {
  const kept = new Map<string, { key: string; json: string }>();
  return (p) => {
    const key = `${p.modifiedAt}\u0000${displayedUpvotes(p)}`;
    const known = kept.get(p.id);
    if (known?.key === key) return known.json;
    const json = safeJsonStringify(toDailyItem(p));
    kept.delete(p.id);
    kept.set(p.id, { key, json });
    if (kept.size > maxPapers) kept.delete(kept.keys().next().value!);
    return json;
  };
}

/**
 * A page's JSON array joined from the kept items, kept itself while its items are the same (their
 * ids, modification times and upvotes, in order): joining 50 items of a few kB each into one string
 * was the largest part of an answer's own work once the items were kept.
 */
function pageJsonMemo(itemJson: (p: Paper) => string, maxPages = 200): (papers: readonly Paper[]) => AnswerText {
  // Kept as an AnswerText: its bytes, ETag hash and compressed forms are then made once per page text too.
  const kept = new Map<string, AnswerText>();
  return (papers) => {
    const key = papers.map((p) => `${p.id}\u0001${p.modifiedAt}\u0001${displayedUpvotes(p)}`).join('\u0000');
    const known = kept.get(key);
    if (known !== undefined) return known;
    const json: AnswerText = { text: `[${papers.map(itemJson).join(',')}]` };
    kept.set(key, json);
    if (kept.size > maxPages) kept.delete(kept.keys().next().value!);
    return json;
  };
}

/** The page as Hugging Face answers it (a bare array), with `Link: <…>; rel="next"` and `X-Total-Count`. */
async function getDailyPapers(
  c: Context,
  db: Db,
  publicUrl: string,
  pageJson: (papers: readonly Paper[]) => AnswerText,
  /** Told which papers the answer lists (the response cache drops it when one of them changes). */
  shown: (ids: string[]) => void = () => {},
  kept?: PaperMemo,
  catalog?: CatalogMemo,
): Promise<Response> {
  const page = await dailyPapersSelection(db, (name) => c.req.query(name), publicUrl, kept, catalog);
  shown(page.papers.map((p) => p.id));
  if (page.next) c.header('Link', `<${page.next}>; rel="next"`);
  c.header('X-Total-Count', String(page.total));
  return sendJsonText(c, pageJson(page.papers));
}

/** `GET /api/daily_papers`; `shown` is told which papers an answer lists (for the response cache). */
export function dailyPapersApiHandlers(deps: { db: Db; publicUrl: string; shown?: (c: Context, ids: string[]) => void; kept?: PaperMemo; catalog?: CatalogMemo }) {
  const pageJson = pageJsonMemo(itemJsonMemo());
  return {
    list: (c: Context) => getDailyPapers(c, deps.db, deps.publicUrl, pageJson, (ids) => deps.shown?.(c, ids), deps.kept, deps.catalog),
  };
}
