// The main thread's side of the parse workers: sends them files, and yields the rows they post
// while granting them credit, so parsing runs ahead of the database writes by a bounded amount.
import { Worker } from 'node:worker_threads';
import { deserialize } from 'node:v8';
import type { RowChunk } from './row-chunk.ts';
import type { FormatName } from './detect-format.ts';
import type { FromWorker, ToWorker } from './parse-worker.ts';
import type { Input } from './read-input.ts';
import { parseWorkerEntry } from './parse-worker-code.ts';

/**
 * One parse worker. Files it is given are parsed in the order given, and their chunks must be
 * consumed in that order (`chunks` reads the next file's messages off one queue).
 */
export class ParseWorker {
  private readonly worker: Worker;
  private queue: FromWorker[] = [];
  private failure: Error | null = null;
  private wake: (() => void) | null = null;

  constructor() {
    const start = parseWorkerEntry();
    // The young generation is sized for the worker's garbage, short-lived strings and records:
    // 32 MB measured ~20% less worker CPU than 8 MB on arxiv-cs (fewer scavenges promoting
    // records still in flight), for ~10 MB more peak RSS.
    this.worker = new Worker(start.entry, { eval: start.eval, resourceLimits: { maxYoungGenerationSizeMb: 32 } });
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

  /** Queues a file; the worker starts on it as soon as the files before it are parsed. */
  start(input: Input, format: FormatName | undefined): void {
    this.send({ type: 'file', path: input.path!, named: input.named, format });
  }

  /** The rows of the oldest started file not yet consumed. */
  async *chunks(onBytes: (n: number) => void, onUnknown: (why: string) => void): AsyncGenerator<RowChunk> {
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
        yield deserialize(msg.chunk) as RowChunk;
      }
    }
  }

  async close(): Promise<void> {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }
}

/**
 * Parse workers that take files in turn. Each file is queued on its worker before the one
 * before it is written, so a worker goes on to the next file without waiting for the writes.
 * Files are consumed in the order started, so records merge in the same order as a one-thread
 * import. One worker is the default: beside the thread that writes, it keeps two cores busy,
 * and each further worker costs ~25 MB of memory for little speed on a small machine.
 */
export class ParsePool {
  private readonly workers: ParseWorker[];
  private turn = 0;
  /** Started files, oldest first, with the worker parsing each. */
  private readonly started = new Map<Input, ParseWorker>();

  constructor(size = 1) {
    this.workers = Array.from({ length: Math.max(1, size) }, () => new ParseWorker());
  }

  /** How many files to have started at a time: one per worker, and the next one queued. */
  get lookahead(): number {
    return this.workers.length + 1;
  }

  /** Starts `upcoming` files (those not started yet), each on the next worker in turn. */
  startAhead(upcoming: readonly Input[], format: FormatName | undefined): void {
    for (const input of upcoming) {
      if (this.started.has(input) || !input.path) continue;
      const worker = this.workers[this.turn++ % this.workers.length];
      worker.start(input, format);
      this.started.set(input, worker);
    }
  }

  /** The rows of a started file; files must be consumed in the order they were started. */
  chunks(input: Input, onBytes: (n: number) => void, onUnknown: (why: string) => void): AsyncGenerator<RowChunk> {
    const worker = this.started.get(input);
    if (!worker) throw new Error(`parse pool: ${input.name} was not started`);
    this.started.delete(input);
    return worker.chunks(onBytes, onUnknown);
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
  }
}
