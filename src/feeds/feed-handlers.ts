// Handlers of /feeds/*: load the same list a page shows, render it in the asked format.
import { sendJson } from '../api/json.ts';
import type { Context } from 'hono';
import type { Db } from '../db/db.ts';
import type { Paper } from '../model.ts';
import { loadTrending } from '../trending/listing.ts';
import { latestPeriod, loadDailyListing } from '../daily/listing.ts';
import { listCategoryPapers, listPapersMatchingTitle } from '../store/listings.ts';
import { buildFeed, type FeedSpec } from './paper-feeds.ts';
import { getCollection } from '../store/collections.ts';
import { loadCollectionPapers } from '../foryou/collection-papers.ts';
import { FEED_CONTENT_TYPES, renderFeed, type FeedFormat } from './render.ts';

export interface FeedDeps {
  db: Db;
  publicUrl: string;
  /** Full-text search from the search service; without it a title substring match is used. */
  searchPapers?: (query: string, limit: number) => Promise<Paper[]>;
  /** An author's newest papers and the name as they spell it (search service); null when unknown. */
  authorPapers?: (name: string, limit: number) => Promise<{ name: string; papers: Paper[] } | null>;
  now?: () => number;
  /** The site's 404 page, for feeds that do not exist (it says which feeds do). */
  notFound: (c: Context, message: string) => Response | Promise<Response>;
}

const ITEMS = 50;

/** Splits `name.rss` into name and format; null when the extension is not a feed format. */
function splitFeedName(file: string): { name: string; format: FeedFormat } | null {
  const m = /^(.+)\.(rss|atom|json)$/.exec(file);
  return m ? { name: m[1]!, format: m[2] as FeedFormat } : null;
}

function send(c: Context, deps: FeedDeps, spec: FeedSpec, papers: Paper[], format: FeedFormat): Response {
  const body = renderFeed(buildFeed(spec, papers, format, deps.publicUrl, (deps.now ?? Date.now)()), format);
  c.header('Content-Type', FEED_CONTENT_TYPES[format]);
  c.header('Cache-Control', 'public, max-age=300');
  return c.body(body);
}

async function trendingFeed(c: Context, deps: FeedDeps, format: FeedFormat): Promise<Response> {
  const list = await loadTrending(deps.db, { window: 'week', limit: ITEMS });
  const spec = { title: 'Paperboy: trending papers', description: 'The papers trending this week.', homePath: '/', feedPath: '/feeds/trending' };
  return send(c, deps, spec, list.papers, format);
}

/** The latest day's papers: a reader following it gets each new day as it is imported. */
async function dailyFeed(c: Context, deps: FeedDeps, format: FeedFormat): Promise<Response> {
  const period = await latestPeriod(deps.db, 'day');
  const papers = period ? (await loadDailyListing(deps.db, period, { sort: 'trending', limit: 200, offset: 0 })).papers : [];
  const spec = { title: 'Paperboy: daily papers', description: 'Every paper featured on the latest day.', homePath: '/papers', feedPath: '/feeds/daily' };
  return send(c, deps, spec, papers, format);
}

async function categoryFeed(c: Context, deps: FeedDeps, category: string, format: FeedFormat): Promise<Response | null> {
  if (!/^[A-Za-z-]+(\.[A-Za-z-]+)?$/.test(category)) return null;
  const papers = await listCategoryPapers(deps.db, category, ITEMS);
  const spec = {
    title: `Paperboy: new in ${category}`,
    description: `The newest papers in the arXiv category ${category}.`,
    homePath: `/search?q=${encodeURIComponent(`cat:${category}`)}`,
    feedPath: `/feeds/category/${category}`,
  };
  return send(c, deps, spec, papers, format);
}

/** A saved search anyone can follow: `/feeds/search.rss?q=words`. */
async function searchFeed(c: Context, deps: FeedDeps, format: FeedFormat): Promise<Response> {
  const q = (c.req.query('q') ?? '').trim().slice(0, 200);
  if (!q) return sendJson(c, { error: 'q is required: /feeds/search.rss?q=your+words' }, 400);
  const papers = deps.searchPapers
    ? await deps.searchPapers(q, ITEMS)
    : await listPapersMatchingTitle(deps.db, q.split(/\s+/).filter(Boolean), ITEMS);
  const spec = {
    title: `Paperboy: search "${q}"`,
    description: `Papers matching "${q}".`,
    homePath: `/search?q=${encodeURIComponent(q)}`,
    feedPath: '/feeds/search',
    feedQuery: `q=${encodeURIComponent(q)}`,
  };
  return send(c, deps, spec, papers, format);
}

/** An author's newest papers: `/feeds/author/Yann%20LeCun.rss`. Null when no paper has that author. */
async function authorFeed(c: Context, deps: FeedDeps, name: string, format: FeedFormat): Promise<Response | null> {
  const found = deps.authorPapers ? await deps.authorPapers(name.slice(0, 200), ITEMS) : null;
  if (!found) return null;
  const path = encodeURIComponent(found.name);
  const spec = {
    title: `Paperboy: papers by ${found.name}`,
    description: `The newest papers by ${found.name}.`,
    homePath: `/authors/${path}`,
    feedPath: `/feeds/author/${path}`,
  };
  return send(c, deps, spec, found.papers, format);
}

/**
 * A public collection: its papers newest saved first, dated by when they were saved (a reader
 * following it sees each addition as new), the owner's note ahead of the abstract.
 */
async function collectionFeed(c: Context, deps: FeedDeps, rawId: string, format: FeedFormat): Promise<Response | null> {
  const id = /^\d{1,15}$/.test(rawId) ? Number(rawId) : NaN;
  const col = Number.isSafeInteger(id) ? await getCollection(deps.db, id) : null;
  if (!col || !col.isPublic) return null;
  const entries = (await loadCollectionPapers(deps.db, col.id)).slice(0, ITEMS);
  const spec = {
    title: `Paperboy: ${col.owner}'s collection "${col.name}"`,
    description: col.description || `Papers ${col.owner} saved in "${col.name}".`,
    homePath: `/collections/${col.id}`,
    feedPath: `/feeds/collection/${col.id}`,
  };
  const feed = buildFeed(spec, entries.map((e) => e.paper), format, deps.publicUrl, (deps.now ?? Date.now)());
  feed.items = feed.items.map((item, i) => ({
    ...item,
    date: entries[i]!.addedAt,
    summary: entries[i]!.note ? `${col.owner}'s note: ${entries[i]!.note}\n\n${item.summary}` : item.summary,
  }));
  feed.updated = feed.items.reduce((max, i) => Math.max(max, i.date), 0) || col.updatedAt;
  c.header('Content-Type', FEED_CONTENT_TYPES[format]);
  c.header('Cache-Control', 'public, max-age=300');
  return c.body(renderFeed(feed, format));
}

/** `/feeds/NAME.FORMAT` (trending, daily, search) and the per-category, author and collection feeds. */
export function feedHandlers(deps: FeedDeps) {
  /** A feed named by the URL's `:file`, or the 404 page with `hint`. */
  const named = (load: (c: Context, name: string, format: FeedFormat) => Promise<Response | null>, hint: string) => async (c: Context) => {
    const f = splitFeedName(c.req.param('file') ?? '');
    return (f ? await load(c, f.name, f.format) : null) ?? deps.notFound(c, hint);
  };
  return {
    site: named(async (c, name, format) => {
      if (name === 'trending') return trendingFeed(c, deps, format);
      if (name === 'daily') return dailyFeed(c, deps, format);
      if (name === 'search') return searchFeed(c, deps, format);
      return null;
    }, 'There is no such feed. The feeds are listed on the About page.'),
    category: named((c, name, format) => categoryFeed(c, deps, name, format), 'Category feeds are /feeds/category/NAME.rss, .atom or .json, e.g. /feeds/category/cs.CL.rss.'),
    author: named((c, name, format) => authorFeed(c, deps, name, format), 'Author feeds are /feeds/author/NAME.rss, .atom or .json for a name on an author page.'),
    collection: named((c, name, format) => collectionFeed(c, deps, name, format), 'Collection feeds are /feeds/collection/ID.rss, .atom or .json, for public collections.'),
  };
}
