// Handlers of the HTML pages: parse the URL, load the listing, render. Routes live in app.ts.
import type { Db } from '../../db/db.ts';
import type { Config } from '../../config.ts';
import type { Paper } from '../../model.ts';
import type { AppContext, PageFrame } from '../context.ts';
import { latestPeriod, loadDailyListing } from '../../daily/listing.ts';
import { isDay, parsePeriod, periodOf, periodPath, type PeriodKind } from '../../periods.ts';
import { getFeaturedDayAfter, getLatestFeaturedDay } from '../../store/daily.ts';
import { getCatalogUpdatedAt, getPaper } from '../../store/papers.ts';
import { listSameCategoryPapers } from '../../store/listings.ts';
import { listFeaturedPapers, type DailySort } from '../../store/daily.ts';
import { formatDay } from '../format.ts';
import { renderTrendingPage, trendingPageKey } from '../pages/trending-page.tsx';
import { keyOf, type PageMemo } from '../page-memo.ts';
import { TrendingBlock } from '../components/trending-block.tsx';
import { renderSparkline, renderStarChart } from '../components/star-chart.ts';
import { listStarHistories } from '../../store/repos.ts';
import { getPaperTrendingNow, loadTrending, TRENDING_WINDOWS, type PastScores, type TrendingWindow } from '../../trending/listing.ts';
import { explainTrending } from '../../trending/score.ts';
import { dailyPageKey, renderDailyPage } from '../pages/daily-page.tsx';
import { createPaperPageMemo, paperContentKey, renderPaperPage, type PaperPageMemo } from '../pages/paper-page.tsx';
import { renderAboutPage } from '../pages/about-page.tsx';
import { renderErrorPage } from '../pages/error-page.tsx';
import { notFoundPage } from '../refusals.ts';
import { arxivLinks, toMarkdown } from '../paper-export.ts';
import { parseArxivId } from '../../ingest/normalize-id.ts';
import { html } from 'hono/html';
import { paperCommunityView, withCommunityLinks } from '../../community/paper-view.ts';
import { isCurator } from '../../community/actions.ts';
import { communitySlots, paperCommunitySlots, paperLibrarySlot, rowUpvotesFor } from '../components/paper-community-slots.tsx';
import { renderRecord, tagPapers, tagTrending } from '../render-record.ts';
import { loadRowFacts } from '../../store/row-facts.ts';
import { listingView } from '../view-choice.ts';
import type { RowMemo } from '../components/paper-row.tsx';
import type { PaperMemo, PaperStamp } from '../../store/paper-memo.ts';
import type { CatalogMemo } from '../../daily/catalog-memo.ts';
import type { SimilarPapers } from '../similar-memo.ts';
import { readPaperPage, type PaperPageRead } from '../../store/page-reads.ts';
import type { KnownStars, Sparkline, StarMemo } from '../star-memo.ts';
import type { TrendingList } from '../../trending/listing.ts';
import { papersOfStamps } from '../../store/papers.ts';

export interface PageDeps {
  db: Db;
  config: Config;
  /** Papers similar to one, from the search service when it is configured. */
  /** Null when the search cannot answer now (its index is being built): the category's papers are shown instead. */
  similarPapers?: SimilarPapers;
  /** Past windows' trending scores kept between requests (see trending/listing.ts). */
  pastTrending?: PastScores;
  /** Listing rows rendered once and kept (see components/paper-row.tsx). */
  rowMemo?: RowMemo;
  /** Papers kept between reads (store/paper-memo.ts). */
  kept?: PaperMemo;
  /** Facts of the catalog kept per its version (daily/catalog-memo.ts). */
  catalog?: CatalogMemo;
  /** Star histories, sparklines and charts kept per star-data version (star-memo.ts). */
  stars?: StarMemo;
  /** Paper pages' own content kept between requests (pages/paper-page.tsx); one is made when absent. */
  paperPages?: PaperPageMemo;
  /** Visitors' whole pages kept under everything they show (page-memo.ts). */
  pages?: PageMemo;
}

const PAGE_SIZE = 30;
/** A day page shows all of its papers (Hugging Face features at most ~100 a day). */
const DAY_LIMIT = 500;
const DAILY_SORTS: readonly DailySort[] = ['trending', 'upvotes', 'publishedAt'];

/** A 0-based page number from `?p=`; anything else is the first page (pages are forgiving, the API is strict). */
function pageParam(c: AppContext): number {
  const raw = c.req.query('p') ?? '';
  return /^\d{1,6}$/.test(raw) ? Number(raw) : 0;
}

function frame(c: AppContext, config: Config): PageFrame {
  const url = new URL(c.req.url);
  return { publicUrl: config.publicUrl, csrfToken: c.get('csrfToken'), viewer: c.get('viewer'), here: url.pathname + url.search };
}

async function showTrending(c: AppContext, deps: PageDeps): Promise<Response> {
  const raw = c.req.query('window') ?? 'week';
  const window: TrendingWindow = (TRENDING_WINDOWS as readonly string[]).includes(raw) ? (raw as TrendingWindow) : 'week';
  const page = pageParam(c);
  // The rows' facts and star histories come with the rows when they can (one statement), and the
  // footer's "catalog updated" is the catalog version the listing read. Histories kept at the
  // star-data version read are not read again (star-memo.ts).
  const known = deps.stars?.known();
  const list = await loadTrending(deps.db, { window, limit: PAGE_SIZE, offset: page * PAGE_SIZE, past: deps.pastTrending, kept: deps.kept, rowExtras: { histories: known ?? true } });
  tagTrending(c);
  const ids = list.papers.map((p) => p.id);
  tagPapers(c, ids);
  const [sparklines, facts, catalogUpdatedAt] = await Promise.all([
    sparklinesOf(deps, ids, list, known),
    list.facts ?? loadRowFacts(deps.db, ids),
    list.version !== undefined ? list.version || null : getCatalogUpdatedAt(deps.db),
  ]);
  const f = frame(c, deps.config);
  const upvote = await rowUpvotesFor(c, deps.db, list.papers, f.here);
  const props = { list, sparklines, facts, view: listingView(c), page, pageSize: PAGE_SIZE, upvote, catalogUpdatedAt, rowMemo: deps.rowMemo, ...f };
  return keptPage(c, deps, trendingPageKey(props), (csrfToken) => renderTrendingPage({ ...props, csrfToken }));
}

/**
 * A visitor's page kept whole under `key` (everything it shows, page-memo.ts) with this visitor's
 * token in it; rendered when not kept, or every time without a key or without the memo.
 */
function keptPage(c: AppContext, deps: PageDeps, key: string | null, render: (csrfToken: string) => string): Response | Promise<Response> {
  const token = c.get('csrfToken');
  // The response cache's renders (c.get('render')) mark their own slots: rendered as asked.
  if (key === null || !deps.pages || c.get('render') || !token) return c.html(render(token));
  c.set('pageKey', key);
  return c.html(deps.pages.text(key, token, render));
}

/**
 * The paper page's trending block: this week's explanation and the star-history chart (repository
 * and history as read with the page; the chart kept while the star-data version is the same).
 */
async function paperTrendingSection(
  db: Db,
  id: string,
  read: Pick<PaperPageRead, 'version' | 'repo' | 'history' | 'starVersion'>,
  past?: PastScores,
  stars?: { memo: StarMemo; known: KnownStars },
) {
  const standing = await getPaperTrendingNow(db, id, 'week', Date.now(), past, read.version);
  const repo = read.repo;
  if (!standing && !repo) return undefined;
  const name = repo ? (repo.renamed_to ?? repo.full_name) : '';
  const chart = !repo ? null : stars ? stars.memo.chart(id, name, stars.known, read) : renderStarChart(read.history, { repo: name, id });
  return { explanation: standing ? explainTrending(standing.parts) : null, chartSvg: chart };
}

/**
 * Star-history sparklines of the listed papers that have any history: the kept ones and those
 * drawn from the histories read with the rows (star-memo.ts); when the rows came without them,
 * drawn from a read of their own, keyed by their markup.
 */
async function sparklinesOf(deps: PageDeps, ids: string[], list: TrendingList, known: KnownStars | undefined): Promise<Map<string, Sparkline>> {
  if (deps.stars && known && list.histories && list.starVersion !== undefined) {
    return deps.stars.sparklines(ids, known, { version: list.starVersion, histories: list.histories });
  }
  const out = new Map<string, Sparkline>();
  for (const [id, history] of list.histories ?? (await listStarHistories(deps.db, ids))) {
    const svg = renderSparkline(history);
    if (svg) out.set(id, { svg, key: svg });
  }
  return out;
}

/** `/papers` (kind and key absent: the latest day) and `/papers/{date|week|month}/KEY`. */
async function showDaily(c: AppContext, deps: PageDeps, kind: PeriodKind, key?: string): Promise<Response> {
  const rawSort = c.req.query('sort') ?? 'trending';
  const sort: DailySort = (DAILY_SORTS as readonly string[]).includes(rawSort) ? (rawSort as DailySort) : 'trending';
  const known = deps.catalog ? await deps.catalog.now(deps.db) : undefined;
  const fact = <T>(key: string, compute: () => Promise<T>) => (known ? known.get(key, compute) : compute());
  const period = key === undefined ? await latestPeriod(deps.db, kind, known) : parsePeriod(kind, key);
  if (key !== undefined && !period) {
    const format = kind === 'day' ? 'YYYY-MM-DD' : kind === 'week' ? 'YYYY-Www' : 'YYYY-MM';
    return notFoundPage(c, `"${key}" is not a ${kind} we know: write it as ${format}.`);
  }
  const page = kind === 'day' ? 0 : pageParam(c);
  const pageSize = kind === 'day' ? DAY_LIMIT : PAGE_SIZE;
  const listing = period ? await loadDailyListing(deps.db, period, { sort, limit: pageSize, offset: page * pageSize }, deps.kept, known, true) : null;
  // Ordered by votes or trending too, but a vote only moves papers within the listing that shows
  // them; a paper crossing to another page of it shows there within the cache's maxAgeMs.
  const f = frame(c, deps.config);
  const papers = listing?.papers ?? [];
  tagPapers(c, papers.map((p) => p.id));
  const [upvote, facts, firstDay, lastDay] = await Promise.all([
    rowUpvotesFor(c, deps.db, papers, f.here),
    listing?.facts ?? loadRowFacts(deps.db, papers.map((p) => p.id)),
    fact('first-day', () => getFeaturedDayAfter(deps.db, '0000-00-00')),
    fact('latest-day', () => getLatestFeaturedDay(deps.db)),
  ]);
  const props = { listing, sort, page, pageSize, upvote, facts, view: listingView(c), firstDay: firstDay ?? undefined, lastDay: lastDay ?? undefined, rowMemo: deps.rowMemo, ...f };
  return keptPage(c, deps, dailyPageKey(props), (csrfToken) => renderDailyPage({ ...props, csrfToken }));
}

/** `/papers/goto?day=YYYY-MM-DD&kind=day|week|month`: the calendar's form, sent to that day's period page. */
function gotoDailyPeriod(c: AppContext): Response {
  const day = c.req.query('day') ?? '';
  const rawKind = c.req.query('kind') ?? 'day';
  const kind: PeriodKind = rawKind === 'week' || rawKind === 'month' ? rawKind : 'day';
  if (!isDay(day)) return notFoundPage(c, `"${day}" is not a day: pick one in the calendar or write it as YYYY-MM-DD.`);
  return c.redirect(periodPath(periodOf(kind, day)), 303);
}

/** A well-formed arXiv id we do not have: offer it on arXiv, and to submit it here. */
function unknownPaperPage(c: AppContext, id: string): Response {
  const arxiv = parseArxivId(id) ? arxivLinks(id.replace(/v\d+$/, '')) : null;
  if (!arxiv) return notFoundPage(c, `There is no paper with id "${id}" here, and it is not an arXiv id (like 2503.12533).`);
  const actions = html`<a class="button" href="${arxiv.abs}">Open ${id} on arXiv</a>
    <a class="button secondary" href="/submit?paper=${encodeURIComponent(id)}">Submit it to Daily Papers</a>`;
  const message = `arXiv paper ${id} is not in this catalog yet. Read it on arXiv, or submit it so the community sees it.`;
  return c.html(renderErrorPage({ status: 404, title: 'Paper not here yet', message, actions, csrfToken: c.get('csrfToken') ?? '', viewer: c.get('viewer') ?? null }), 404);
}

/** `/papers/{id}` and `/papers/{id}.md`. */
async function showPaper(c: AppContext, deps: PageDeps, rawId: string): Promise<Response> {
  const markdown = rawId.endsWith('.md');
  const id = markdown ? rawId.slice(0, -3) : rawId;
  const viewer = c.get('viewer');
  // A member's page template is rendered with no one's votes or claims: those are its slots.
  const viewerId = renderRecord(c)?.templateRole ? null : (viewer?.id ?? null);
  // Everything the page reads fresh, in one statement (store/page-reads.ts): on PostgreSQL each
  // statement is a round trip and a wait for a pooled connection. The similar papers kept for this
  // one are read there too; what is kept per catalog version is checked against the version read.
  const lookupId = id.replace(/v\d+$/, '');
  const similarIds = deps.similarPapers?.keptIds?.(lookupId, SIMILAR) ?? [];
  // A star history kept at the star-data version read is not read again (star-memo.ts). Until its
  // similar papers are known, the page may show its category's newest instead: their stamps come
  // with the same statement rather than in a query of their own.
  const known = deps.stars?.known();
  const read = await readPaperPage(deps.db, lookupId, similarIds, viewerId, {
    keptHistory: known && deps.stars!.versionFor(known, lookupId),
    sameCategory: deps.kept && similarIds.length === 0 ? SIMILAR : 0,
  });
  if (!read.stamp || !read.facts) return unknownPaperPage(c, id);
  const paper = deps.kept ? (await papersOfStamps(deps.db, [read.stamp], deps.kept, false))[0] : await getPaper(deps.db, lookupId);
  if (!paper) return unknownPaperPage(c, id);
  // Hidden papers are gone for everyone but the curators who may unhide them, in every form
  // (page, Markdown, versioned id): checked before the redirect, which would confirm the id exists.
  if (read.facts.hiddenAt !== null && !isCurator(viewer)) return notFoundPage(c, `There is no paper with id "${id}" here.`);
  if (paper.id !== id) return c.redirect(`/papers/${paper.id}${markdown ? '.md' : ''}`, 301);
  if (markdown) {
    c.header('Content-Type', 'text/markdown; charset=utf-8');
    return c.body(toMarkdown(paper, deps.config.publicUrl));
  }
  const community = paperCommunityView(paper.id, read.facts, read.comments, read.upvoted, read.claim);
  const kept = similarIds.length && deps.similarPapers?.fromStamps;
  const [similar, standing] = await Promise.all([
    kept ? deps.similarPapers!.fromStamps!(paper, SIMILAR, similarIds, read.version, read.others).then((papers) => ({ heading: 'Similar papers', papers })) : relatedPapers(deps, paper, read.sameCategory),
    paperTrendingSection(deps.db, paper.id, read, deps.pastTrending, known && { memo: deps.stars!, known }),
  ]);
  tagPapers(c, [paper.id, ...similar.papers.map((p) => p.id)]);
  const library = await paperLibrarySlot(c, deps.db, paper);
  const props = { paper: withCommunityLinks(paper, community), similar, trending: standing && TrendingBlock(standing), library, ...frame(c, deps.config), memo: deps.paperPages };
  // A visitor's page follows from the paper and its similar papers as their kept content is keyed,
  // its community view (counts, links, comments) and its trending block's text.
  const key = c.get('viewer') || library ? null : keyOf(['paper', props.publicUrl, props.here, paperContentKey(props.paper, similar), JSON.stringify(community), standing?.explanation, standing?.chartSvg]);
  const slots = key === null ? paperCommunitySlots(c, community) : null;
  return keptPage(c, deps, key, (csrfToken) => renderPaperPage({ ...props, ...(slots ?? communitySlots(community, null, csrfToken)), csrfToken }));
}

/** How many similar papers a paper page shows. */
const SIMILAR = 5;

/**
 * The "similar papers" section: the search service's neighbours when configured and able to
 * answer now; otherwise the newest papers of the same category, or, for papers without one, those featured the same day.
 */
async function relatedPapers(deps: PageDeps, paper: Paper, sameCategory?: readonly PaperStamp[]): Promise<{ heading: string; papers: Paper[] }> {
  const similar = deps.similarPapers ? await deps.similarPapers(paper, SIMILAR) : null;
  if (similar) return { heading: 'Similar papers', papers: similar };
  const category = paper.primaryCategory ?? paper.categories[0];
  if (category) {
    // The stamps read with the page (readPaperPage's sameCategory) hold for a paper with a primary category.
    const read = sameCategory && paper.primaryCategory && deps.kept;
    return { heading: `More in ${category}`, papers: read ? await papersOfStamps(deps.db, sameCategory, deps.kept!, true) : await listSameCategoryPapers(deps.db, paper, SIMILAR) };
  }
  if (paper.daily) {
    const day = paper.daily.featuredOn;
    const sameDay = await listFeaturedPapers(deps.db, { from: day, to: day, sort: 'trending', limit: 6, offset: 0 });
    return { heading: `Also featured on ${formatDay(day)}`, papers: sameDay.filter((p) => p.id !== paper.id).slice(0, 5) };
  }
  return { heading: 'Similar papers', papers: [] };
}

/** The listing and paper pages, as the route table mounts them. */
export function pageHandlers(pageDeps: PageDeps) {
  const deps: PageDeps = { ...pageDeps, paperPages: pageDeps.paperPages ?? createPaperPageMemo() };
  return {
    /** `/`: trending papers (`?window=day|week|month`). */
    trending: (c: AppContext) => showTrending(c, deps),
    /** `/papers`: the latest day of Daily Papers. */
    latestDay: (c: AppContext) => showDaily(c, deps, 'day'),
    /** `/papers/{date|week|month}/KEY`. */
    period: (kind: PeriodKind) => (c: AppContext) => showDaily(c, deps, kind, c.req.param('key')),
    gotoPeriod: gotoDailyPeriod,
    /** `/papers/{id}` and `/papers/{id}.md`. */
    paper: (c: AppContext) => showPaper(c, deps, c.req.param('id')!),
    about: (c: AppContext) => c.html(renderAboutPage({ publicUrl: deps.config.publicUrl, csrfToken: c.get('csrfToken'), viewer: c.get('viewer') })),
  };
}
