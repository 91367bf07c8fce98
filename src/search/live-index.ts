// The search index kept current: built from the store at first use (the LSA model loaded from the
// store, or trained and saved), then refreshed from the store's change feed as other processes
// import papers. A search reads whichever generation is current.
import type { Db } from '../db/db.ts';
import { getPapersByIds, listPapersAfter } from '../store/papers.ts';
import { listPaperChangesSince, loadSearchModel, saveSearchModel } from '../store/search.ts';
import { IndexState, type IndexOptions } from './index-state.ts';
import { LsaEmbedder } from './lsa.ts';
import { deserializeLsaModel, serializeLsaModel, type Embedder } from './embedder.ts';

const MODEL_NAME = 'lsa';
/** Papers read from the store per page. */
export const PAGE = 2000;
/** Re-read this much of the change feed behind the high-water mark: transactions commit out of order. */
const FEED_SLACK_MS = 30_000;
/** Papers indexed between two chances for other work to run. */
const SLICE = 250;

/**
 * Lets queued events run between slices of index work (a SQLite read resolves without ever leaving
 * the turn): in the search thread, searches asked meanwhile are answered between pages.
 */
const yieldTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface LiveIndex {
  /** The current generation, building the first one if need be. */
  current(): Promise<IndexState>;
  /** The current generation if one is built (for stats), else null. */
  built(): IndexState | null;
  /** A fresh generation from every paper in the store; the LSA model retrained if asked or stale. */
  rebuild(retrain: boolean): Promise<{ state: IndexState; trained: boolean; papers: number }>;
  indexPapers(ids: readonly string[]): Promise<number>;
  /** Indexes what changed in the store since the last look; one refresh at a time. */
  refresh(): Promise<number>;
  /** refresh(), at most once per refreshMs (in the background when asked to). */
  maybeRefresh(): Promise<void>;
}

export function createLiveIndex(
  db: Db,
  options: IndexOptions,
  external: Embedder | null,
  opts: { refreshMs?: number; refreshInBackground?: boolean },
): LiveIndex {
  const refreshMs = opts.refreshMs ?? 2000;
  let state: IndexState | null = null;
  let loading: Promise<IndexState> | null = null;
  let feed = { since: 0, afterId: '' };
  let lastPoll = 0;

  async function current(): Promise<IndexState> {
    if (state) return state;
    loading ??= build(false).then((r) => r.state);
    return loading;
  }

  async function build(retrain: boolean): Promise<{ state: IndexState; trained: boolean; papers: number }> {
    const next = new IndexState(options, external);
    const startedAt = Date.now();
    let after = '';
    let papers = 0;
    for (;;) {
      const page = await listPapersAfter(db, after, PAGE);
      if (page.length === 0) break;
      await next.add(page);
      papers += page.length;
      await yieldTurn();
      after = page[page.length - 1].id;
    }
    next.commit();
    let trained = false;
    if (!external) {
      const stored = retrain ? null : await loadSearchModel(db, MODEL_NAME);
      const model = stored ? deserializeLsaModel(stored) : null;
      // A model learned on under half of today's corpus misses its newer vocabulary: relearn it.
      if (model && model.trainedDocs * 2 >= papers && model.model.vocab.length > 0) {
        next.useLsa(new LsaEmbedder(model.model));
      } else if (papers > 0) {
        const lsa = next.trainLsa();
        next.useLsa(lsa);
        await saveSearchModel(db, MODEL_NAME, serializeLsaModel(lsa.model, papers));
        trained = true;
      }
    }
    state = next;
    loading = null;
    feed = { since: startedAt - FEED_SLACK_MS, afterId: '' };
    return { state: next, trained, papers };
  }

  async function indexPapers(ids: readonly string[]): Promise<number> {
    const s = await current();
    const n = await addPapers(s, ids);
    s.commit();
    return n;
  }

  /** Adds papers in slices, letting other work run between them; searchable after the next commit. */
  async function addPapers(s: IndexState, ids: readonly string[]): Promise<number> {
    let n = 0;
    for (let i = 0; i < ids.length; i += PAGE) {
      const papers = await getPapersByIds(db, ids.slice(i, i + PAGE));
      // Slices of a few hundred papers (tens of ms): a search asked meanwhile waits for one slice.
      for (let j = 0; j < papers.length; j += SLICE) {
        await s.add(papers.slice(j, j + SLICE));
        await yieldTurn();
      }
      n += papers.length;
    }
    return n;
  }

  /** One refresh at a time: callers that arrive meanwhile share the one in progress. */
  let refreshing: Promise<number> | null = null;
  function refresh(): Promise<number> {
    refreshing ??= refreshOnce().finally(() => (refreshing = null));
    return refreshing;
  }

  async function refreshOnce(): Promise<number> {
    const s = await current();
    let n = 0;
    let cursor = feed;
    for (;;) {
      const changes = await listPaperChangesSince(db, cursor.since, cursor.afterId, PAGE);
      if (changes.length === 0) break;
      const stale = changes.filter((c) => {
        const doc = s.table.byId.get(c.id);
        return doc === undefined || s.table.modifiedAt.data[doc] !== c.modified_at;
      });
      // One commit for the whole refresh: a commit rewrites every posting list, so committing per
      // page would cost the size of the index once per 2,000 imported papers.
      if (stale.length) n += await addPapers(s, stale.map((c) => c.id));
      const last = changes[changes.length - 1];
      cursor = { since: last.modified_at, afterId: last.id };
      if (changes.length < PAGE) break;
    }
    if (n > 0) s.commit();
    // Look again at the last FEED_SLACK_MS next time: an import transaction stamps modified_at
    // before it commits, so rows older than the cursor can still appear. Current ones are skipped.
    const floor = Date.now() - FEED_SLACK_MS;
    feed = cursor.since > floor ? { since: floor, afterId: '' } : cursor;
    return n;
  }

  async function maybeRefresh(): Promise<void> {
    if (refreshMs < 0) return;
    const now = Date.now();
    if (now - lastPoll < refreshMs) return;
    lastPoll = now;
    // In the background (the search thread): a search is answered from the index as it stands
    // rather than wait while a large import is being indexed.
    if (opts.refreshInBackground && state) {
      void refresh().catch(() => {});
      return;
    }
    await refresh();
  }

  return {
    current,
    built: () => state,
    rebuild(retrain) {
      loading = null;
      return build(retrain);
    },
    indexPapers,
    refresh,
    maybeRefresh,
  };
}
