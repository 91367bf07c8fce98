// The search worker thread: holds the index and answers the main thread's calls, so building and
// refreshing an index of hundreds of thousands of papers never blocks the web server's event loop.
// Started by threaded-search.ts from an esbuild bundle of this file.
import { parentPort, workerData } from 'node:worker_threads';
import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import type { Config } from '../config.ts';
import { openDb } from '../db/db.ts';
import { openSearchService } from './open-search.ts';
import type { SearchService } from './service.ts';
import { createForYouService, type ForYouService } from '../foryou/for-you-service.ts';

export type Method = 'search' | 'rank' | 'similar' | 'listAuthorPapers' | 'suggest' | 'has' | 'indexPapers' | 'rebuild' | 'refresh' | 'forYouFeed' | 'forYouModel' | 'forYouForget';
export interface Call {
  id: number;
  method: Method;
  args: unknown[];
}
export type Stats = ReturnType<SearchService['stats']>;
export type Reply =
  | { type: 'reply'; id: number; ok: true; value: unknown; stats: Stats }
  | { type: 'reply'; id: number; ok: false; error: string; stats: Stats }
  | { type: 'ready'; stats: Stats; ms: number }
  | { type: 'failed'; error: string };

const { config } = workerData as { config: Config };
const port = parentPort!;

/**
 * Index work gives way to the event loop serving pages: on a busy machine a build or an import's
 * indexing would otherwise take half the CPU from page renders. Linux keeps a nice value per
 * thread (this thread's id from /proc/thread-self); elsewhere the thread keeps the process's.
 */
function yieldCpuToPages(): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, Math.min(19, getPriority(tid) + 10));
  } catch {
    // not Linux, or not permitted: same priority as the process
  }
}

async function start(): Promise<void> {
  yieldCpuToPages();
  const db = await openDb(config.databaseUrl);
  const service = await openSearchService(db, config, { refreshInBackground: true });
  // The personal feed ranks with the index's vectors, so it lives beside them in this thread.
  let forYou: ForYouService | null = null;
  const personal = () => (forYou ??= createForYouService(db, service));
  const run = (call: Call): Promise<unknown> | unknown => {
    if (call.method === 'forYouFeed') return personal().feed(call.args[0] as number, call.args[1] as number);
    if (call.method === 'forYouModel') return personal().model(call.args[0] as number);
    if (call.method === 'forYouForget') return personal().forget(call.args[0] as number);
    const fn = service[call.method] as (...a: unknown[]) => Promise<unknown>;
    return fn(...call.args);
  };
  port.on('message', async (call: Call) => {
    try {
      const value = await run(call);
      port.postMessage({ type: 'reply', id: call.id, ok: true, value, stats: service.stats() } satisfies Reply);
    } catch (err) {
      port.postMessage({ type: 'reply', id: call.id, ok: false, error: (err as Error).message ?? String(err), stats: service.stats() } satisfies Reply);
    }
  });
  const t0 = Date.now();
  // The first build (calls that arrive meanwhile wait for it inside the service), then catching up
  // with what was imported during it: searches are answered as soon as the build is done, not
  // after an import that is still running has been indexed to its end.
  await service.has('');
  port.postMessage({ type: 'ready', stats: service.stats(), ms: Date.now() - t0 } satisfies Reply);
  await service.refresh();
}

start().catch((err) => port.postMessage({ type: 'failed', error: (err as Error).message ?? String(err) } satisfies Reply));
