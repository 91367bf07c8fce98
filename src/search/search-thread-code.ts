// The search thread as one plain JavaScript bundle (see worker-bundle.ts); native drivers stay
// outside it and are required from node_modules.
import { workerEntry, type WorkerEntry } from '../worker-bundle.ts';

/** Native and optional packages the bundle requires at run time instead of containing. */
export const SEARCH_THREAD_EXTERNALS = ['better-sqlite3', 'pg', 'pg-native', 'pg-copy-streams', 'onnxruntime-node'];

/** What `new Worker` starts for the search thread. */
export function searchThreadEntry(): WorkerEntry {
  return workerEntry(new URL('./', import.meta.url), 'search-thread', SEARCH_THREAD_EXTERNALS);
}
