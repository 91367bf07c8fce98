// The parse worker as one plain JavaScript bundle (see worker-bundle.ts).
import { workerEntry, type WorkerEntry } from '../worker-bundle.ts';

/** What `new Worker` starts for the parse worker. */
export function parseWorkerEntry(): WorkerEntry {
  return workerEntry(new URL('./', import.meta.url), 'parse-worker');
}
