// Remembers which papers are similar to which: the paper page's costliest part (a keyword and a
// vector search over the whole catalog, ~20 ms at 60k papers, longer while the search thread is
// busy indexing an import) changes only when the catalog does, while the papers shown (their
// counts, whether hidden) are read fresh on every render.
import type { Db } from '../db/db.ts';
import type { Paper } from '../model.ts';
import { getCatalogVersion } from '../store/data-version.ts';
import { getPapersByIds, papersOfStamps } from '../store/papers.ts';
import type { PaperMemo, PaperStamp } from '../store/paper-memo.ts';

const MAX_PAPERS = 5000;
/** The search index follows the catalog a little later (it polls): recompute at least this often. */
const MAX_AGE_MS = 60_000;

/**
 * `similar` answers null when it cannot answer now (the index is still being built, or the search
 * is still running or waits behind others): the page shows something else, and only an answer the
 * search gave is remembered. Once a paper's neighbours
 * are known, a changed catalog (an import commits every second or so while it runs) has them
 * searched again in the background while the page shows the ones known: a page never waits for
 * the search thread twice.
 */
export interface SimilarPapers {
  (paper: Paper, limit: number): Promise<Paper[] | null>;
  /**
   * The ids kept as a paper's neighbours (whatever the catalog version), for a page that reads
   * their stamps together with its other reads; undefined when none are kept.
   */
  keptIds?(paperId: string, limit: number): readonly string[] | undefined;
  /**
   * The papers of `ids` (from keptIds) given their stamps, read by the caller with catalog version
   * `version`: as the call itself answers for kept neighbours, searching again in the background
   * when the catalog has changed since they were found.
   */
  fromStamps?(paper: Paper, limit: number, ids: readonly string[], version: number, stamps: readonly PaperStamp[]): Promise<Paper[]>;
}

/** How long a page waits for a search of its similar papers before showing others (the answer is kept all the same). */
const PAGE_WAIT_MS = 300;
/**
 * Searches of not-yet-known neighbours running at once. Each takes the search thread ~20 ms when
 * idle, and the thread runs below the event loop's priority: 50 first visits queued behind one
 * another held each page its whole wait, and a visitor's own search waited behind all of them.
 */
const MAX_SEARCHING = 4;

export interface SimilarMemoOptions {
  now?: () => number;
  kept?: PaperMemo;
  pageWaitMs?: number;
  maxSearching?: number;
}

/**
 * `similar` is the search itself, as long as it takes (null: the index cannot answer yet). A page
 * waits for it at most `pageWaitMs`; an answer that comes later is kept for the next visit. (The
 * search used to be cut off at the page's wait, its answer dropped: under load every first visit
 * waited the whole wait, and the next one searched again.)
 */
export function memoizeSimilar(db: Db, similar: (paper: Paper, limit: number) => Promise<Paper[] | null>, options: SimilarMemoOptions = {}): SimilarPapers {
  const { now = Date.now, kept, pageWaitMs = PAGE_WAIT_MS, maxSearching = MAX_SEARCHING } = options;
  const memo = new Map<string, { version: number; at: number; ids: string[] }>();
  const searching = new Map<string, Promise<Paper[] | null>>();

  const search = (key: string, paper: Paper, limit: number, version: number): Promise<Paper[] | null> => {
    let running = searching.get(key);
    if (!running) {
      running = similar(paper, limit)
        .then((papers) => {
          if (papers === null) return null;
          memo.delete(key);
          memo.set(key, { version, at: now(), ids: papers.map((p) => p.id) });
          if (memo.size > MAX_PAPERS) memo.delete(memo.keys().next().value!);
          return papers;
        })
        .finally(() => searching.delete(key));
      searching.set(key, running);
    }
    return running;
  };

  /**
   * A first search for a page. Only a page whose search is the only one running waits for it (at
   * most pageWaitMs): behind others it would wait their time too. The others show other papers
   * now, and their searches (up to maxSearching at once) are kept for the next visit.
   */
  const firstSearch = async (key: string, paper: Paper, limit: number, version: number): Promise<Paper[] | null> => {
    const alone = searching.size === 0;
    if (!searching.has(key) && searching.size >= maxSearching) return null;
    const running = search(key, paper, limit, version);
    running.catch(() => {});
    if (!alone) return null;
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), pageWaitMs)));
    try {
      return await Promise.race([running, waited]);
    } finally {
      clearTimeout(timer);
    }
  };

  /** A paper's neighbours are kept per how many were asked for. */
  const keyOf = (paperId: string, limit: number) => `${paperId}\u0000${limit}`;

  const refresh = (key: string, paper: Paper, limit: number, version: number) => {
    const known = memo.get(key);
    if (known && (known.version !== version || now() - known.at >= MAX_AGE_MS) && (searching.has(key) || searching.size < maxSearching)) void search(key, paper, limit, version).catch(() => {});
  };

  const similarPapers: SimilarPapers = async (paper: Paper, limit: number): Promise<Paper[] | null> => {
    const key = keyOf(paper.id, limit);
    const version = await getCatalogVersion(db);
    const known = memo.get(key);
    if (!known) return firstSearch(key, paper, limit, version);
    refresh(key, paper, limit, version);
    return getPapersByIds(db, known.ids, { visibleOnly: true, kept });
  };
  if (kept) {
    similarPapers.keptIds = (paperId, limit) => memo.get(keyOf(paperId, limit))?.ids;
    similarPapers.fromStamps = (paper, limit, ids, version, stamps) => {
      refresh(keyOf(paper.id, limit), paper, limit, version);
      return papersOfStamps(db, stamps, kept, true, ids);
    };
  }
  return similarPapers;
}
