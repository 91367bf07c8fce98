// A Daily Papers period page's data: which period (the latest day by default), its papers, and
// the neighbouring periods that have papers.
import type { Db } from '../db/db.ts';
import type { Paper } from '../model.ts';
import type { PaperMemo } from '../store/paper-memo.ts';
import type { CatalogFacts } from './catalog-memo.ts';
import { periodOf, type Period } from '../periods.ts';
import { countFeaturedPapers, getFeaturedDayAfter, getFeaturedDayBefore, getLatestFeaturedDay, listFeaturedPapers, listFeaturedPapersWithFacts, type DailySort } from '../store/daily.ts';
import type { RowFacts } from '../store/row-facts.ts';

export interface DailyListing {
  period: Period;
  total: number;
  papers: Paper[];
  /**
   * Previous/next skip empty stretches: they lead to the nearest period of the same kind that has
   * featured papers (weekends and holidays have none), or are null at either end of the catalog.
   */
  previous: Period | null;
  next: Period | null;
  /** With `withFacts` and kept papers: the rows' facts, read with them. */
  facts?: RowFacts;
}

/** The period to show when none is asked for: the one holding the latest featured day, or null for an empty catalog. */
export async function latestPeriod(db: Db, kind: Period['kind'], facts?: CatalogFacts): Promise<Period | null> {
  const day = await (facts ? facts.get('latest-day', () => getLatestFeaturedDay(db)) : getLatestFeaturedDay(db));
  return day ? periodOf(kind, day) : null;
}

export async function loadDailyListing(
  db: Db,
  period: Period,
  page: { sort: DailySort; limit: number; offset: number },
  kept?: PaperMemo,
  /** The catalog's facts kept for its current version (catalog-memo.ts): counts and neighbouring days. */
  facts?: CatalogFacts,
  /** Read the rows' facts (comments, stars) in the same statement as the page's papers. */
  withFacts = false,
): Promise<DailyListing> {
  const fact = <T>(key: string, compute: () => Promise<T>) => (facts ? facts.get(key, compute) : compute());
  const q = { from: period.from, to: period.to, ...page };
  const [rows, total, before, after] = await Promise.all([
    withFacts && kept ? listFeaturedPapersWithFacts(db, q, kept) : listFeaturedPapers(db, q, kept).then((papers) => ({ papers, facts: undefined })),
    fact(`count ${period.from} ${period.to}`, () => countFeaturedPapers(db, period.from, period.to)),
    fact(`before ${period.from}`, () => getFeaturedDayBefore(db, period.from)),
    fact(`after ${period.to}`, () => getFeaturedDayAfter(db, period.to)),
  ]);
  return {
    period,
    total,
    papers: rows.papers,
    facts: rows.facts,
    previous: before ? periodOf(period.kind, before) : null,
    next: after ? periodOf(period.kind, after) : null,
  };
}
