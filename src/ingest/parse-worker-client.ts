// The main thread's side of the parse worker: sends it files, and yields the records it posts
// while granting it credit, so parsing runs ahead of the database writes by a bounded amount.
import { Worker } from 'node:worker_threads';
import type { RowChunk } from './row-chunk.ts';
import type { FormatName } from './detect-format.ts';
import type { FromWorker, ToWorker } from './parse-worker.ts';
import type { Input } from './read-input.ts';

export class ParseWorker {
  // A small young generation: the worker's garbage is short-lived strings, and a smaller nursery
  // keeps the import's peak RSS down (measured: 274 MB instead of ~290 MB on arxiv-cs).
  private readonly worker = new Worker(new URL('./parse-worker-boot.mjs', import.meta.url), { resourceLimits: { maxYoungGenerationSizeMb: 8 } });
  private queue: FromWorker[] = [];
  private failure: Error | null = null;
  private wake: (() => void) | null = null;

  constructor() {
    const notify = () => {
      const w = this.wake;
      this.wake = null;
      w?.();
    };
    this.worker.on('message', (m: FromWorker) => {
      this.queue.push(m);
      notify();
    });
    this.worker.on('error', (err) => {
      this.failure = err;
      notify();
    });
    this.worker.on('exit', (code) => {
      this.failure ??= new Error(`parse worker exited with code ${code}`);
      notify();
    });
  }

  private send(msg: ToWorker) {
    this.worker.postMessage(msg);
  }

  /** The records of one file, parsed into rows in the worker. Files must be consumed one at a time. */
  async *parse(
    input: Input,
    format: FormatName | undefined,
    onBytes: (n: number) => void,
    onUnknown: (why: string) => void,
  ): AsyncGenerator<RowChunk> {
    this.send({ type: 'file', path: input.path!, named: input.named, format });
    for (;;) {
      const msg = this.queue.shift();
      if (!msg) {
        if (this.failure) throw this.failure;
        await new Promise<void>((resolve) => (this.wake = resolve));
        continue;
      }
      if (msg.type === 'unknown') onUnknown(msg.why);
      else if (msg.type === 'done') {
        onBytes(msg.bytes);
        return;
      } else {
        onBytes(msg.bytes);
        this.send({ type: 'credit' });
        yield msg.chunk;
      }
    }
  }

  async close(): Promise<void> {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }
}
