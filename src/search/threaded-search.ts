// The search service of a web process, run in a worker thread (search-thread.ts): building and
// refreshing the index (seconds to minutes of CPU at 100k+ papers) happen off the event loop, so
// pages, static files and votes are answered meanwhile. Until the first build is done, a search
// waits at most `waitMs` and then is answered by `whileBuilding` (from the store), or fails with
// SearchNotReadyError (the web answers 503 + Retry-After).
import { Worker } from 'node:worker_threads';
import type { Config } from '../config.ts';
import { SearchNotReadyError, type SearchQuery, type SearchResult, type SearchService } from './service.ts';
import type { Call, Method, Reply, Stats } from './search-thread.ts';
import { searchThreadEntry } from './search-thread-code.ts';
import type { ForYouService } from '../foryou/for-you-service.ts';

export interface ThreadedSearchService extends SearchService {
  /** The personal feed, computed in the search thread beside the index it reads. */
  forYou(): ForYouService;
  /** True once the first index build has finished. */
  ready(): boolean;
  /** Resolves when the first build has finished (rejects if it failed). */
  whenReady(): Promise<void>;
  close(): Promise<void>;
}

export interface ThreadedSearchOptions {
  /** Longest a search waits for the first build before SearchNotReadyError (or `whileBuilding`). */
  waitMs: number;
  /** Answers a search that found the index still being built after `waitMs` (store-fallback.ts). */
  whileBuilding?: (query: SearchQuery) => Promise<SearchResult>;
  log?: (line: string) => void;
}

const EMPTY: Stats = { papers: 0, terms: 0, vectors: 0, ivfLists: 0 };
/** Longest a page waits for a part it can do without (similar papers, typeahead) once the index is ready. */
const SIDE_DISH_WAIT_MS = 300;

export function createThreadedSearchService(config: Config, opts: ThreadedSearchOptions): ThreadedSearchService {
  const log = opts.log ?? (() => {});
  let stats: Stats = EMPTY;
  let isReady = false;
  let closed = false;
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let signalReady!: () => void;
  let signalFailed!: (e: Error) => void;
  const readyPromise = new Promise<void>((resolve, reject) => {
    signalReady = resolve;
    signalFailed = reject;
  });
  readyPromise.catch(() => {}); // observed through whenReady() and the calls that wait on it

  let worker = spawn();

  function spawn(): Worker {
    const thread = searchThreadEntry();
    const w = new Worker(thread.entry, { eval: thread.eval, workerData: { config } });
    w.on('message', (m: Reply) => {
      if (m.type === 'ready') {
        stats = m.stats;
        isReady = true;
        log(`search index ready: ${m.stats.papers} papers in ${m.ms} ms`);
        signalReady();
      } else if (m.type === 'failed') {
        log(`search index failed to build: ${m.error}`);
        signalFailed(new Error(m.error));
      } else {
        stats = m.stats;
        const p = pending.get(m.id);
        pending.delete(m.id);
        if (m.ok) p?.resolve(m.value);
        else p?.reject(new Error(m.error));
      }
    });
    w.on('error', (err) => log(`search thread error: ${err.message}`));
    w.on('exit', (code) => {
      const why = closed ? 'the server is shutting down' : `the search thread stopped (exit code ${code})`;
      for (const p of pending.values()) p.reject(new Error(why));
      pending.clear();
      if (closed) return;
      // Out of memory or a bug: start again with a fresh build instead of serving no search at all.
      log(`search thread exited with code ${code}; restarting it`);
      isReady = false;
      worker = spawn();
    });
    return w; // kept referenced: the process lives until close()
  }

  function call<T>(method: Method, args: unknown[]): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.postMessage({ id, method, args } satisfies Call);
    });
  }

  const notReady = () => Promise.reject(new SearchNotReadyError(stats.papers));

  /** A call that must not hold its page: past `waitMs` it fails with SearchNotReadyError. */
  async function within<T>(method: Method, args: unknown[], waitMs: number): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new SearchNotReadyError(stats.papers)), waitMs)));
    try {
      return await Promise.race([bounded<T>(method, args, waitMs), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** A call a visitor waits for: before the first build it waits at most `waitMs`. */
  async function bounded<T>(method: Method, args: unknown[], waitMs = opts.waitMs): Promise<T> {
    if (!isReady) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), waitMs)));
      const outcome = await Promise.race([readyPromise.then(() => 'ready' as const), timeout]);
      clearTimeout(timer);
      if (outcome === 'timeout') throw new SearchNotReadyError(stats.papers);
    }
    return call<T>(method, args);
  }

  return {
    search: async (query) => {
      try {
        return await bounded<SearchResult>('search', [query]);
      } catch (err) {
        if (err instanceof SearchNotReadyError && opts.whileBuilding) return opts.whileBuilding(query);
        throw err;
      }
    },
    rank: (q, mode, k, filters) => call('rank', [q, mode, k, filters]),
    // Similar papers are a side dish of the paper page: never hold the page for them. Before the
    // first build, no wait at all; after it, a short one, as the thread may be indexing an import.
    similar: (id, limit, waitMs) => (isReady ? within('similar', [id, limit], waitMs ?? Math.min(opts.waitMs, SIDE_DISH_WAIT_MS)) : notReady()),
    listAuthorPapers: (name, limit, offset) => bounded('listAuthorPapers', [name, limit, offset]),
    // Typeahead answers as you type: never hold it for a build (the box then suggests nothing).
    suggest: (q, limit) => (isReady ? within('suggest', [q, limit], Math.min(opts.waitMs, SIDE_DISH_WAIT_MS)) : notReady()),
    has: (id) => call('has', [id]),
    indexPapers: (ids) => call('indexPapers', [ids]),
    rebuild: (o) => call('rebuild', [o]),
    refresh: () => call('refresh', []),
    // The index lives in the thread; what needs it whole (the personal feed) runs there too.
    index: () => Promise.reject(new Error('the search index lives in the search thread; use forYou()')),
    forYou: () => ({
      feed: (userId, limit) => bounded('forYouFeed', [userId, limit]),
      model: (userId) => bounded('forYouModel', [userId]),
      forget: (userId) => void call('forYouForget', [userId]).catch(() => {}),
    }),
    stats: () => stats,
    ready: () => isReady,
    whenReady: () => readyPromise,
    async close() {
      closed = true;
      await worker.terminate();
    },
  };
}
