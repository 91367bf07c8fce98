// Identical reads waiting for a database connection are asked once. Under load every PostgreSQL
// connection is busy and reads queue for one; fifty visitors of the front page queue the same
// statement with the same values. Each of them is answered by the one statement sent when a
// connection frees, which runs after every one of them asked, so each sees everything committed
// before it asked, as it would alone. A read is never joined to a statement already sent: one that
// started before a vote committed must not answer the voter's next page.

export interface ReadCoalescer<R> {
  /**
   * `run()`'s answer; with a key, shared with the identical reads (same key) that wait with it for
   * a free slot. Without a key (null) it is never shared.
   */
  read(key: string | null, run: () => Promise<R>): Promise<R>;
  /** Reads running and waiting, and how many waiting reads were answered by another's statement. */
  stats(): { running: number; waiting: number; joined: number };
}

interface Waiting<R> {
  run: () => Promise<R>;
  answer: { resolve: (r: R) => void; reject: (e: unknown) => void }[];
}

/**
 * At most `capacity` reads run at once (the pool's connections); the rest wait, oldest first, and a
 * read that finds an identical one waiting joins it. `copy` gives each joined reader its own answer
 * (callers may change the rows they get).
 */
export function createReadCoalescer<R>(capacity: number, copy: (answer: R) => R): ReadCoalescer<R> {
  let running = 0;
  let joined = 0;
  const waiting = new Map<string | symbol, Waiting<R>>();
  const start = (w: Waiting<R>) => {
    running++;
    w.run().then(
      (r) => w.answer.forEach((a, i) => a.resolve(i === 0 ? r : copy(r))),
      (e) => w.answer.forEach((a) => a.reject(e)),
    ).finally(() => {
      running--;
      next();
    });
  };
  const next = () => {
    while (running < capacity && waiting.size > 0) {
      const [key, w] = waiting.entries().next().value!;
      waiting.delete(key);
      start(w);
    }
  };
  return {
    read(key, run) {
      return new Promise<R>((resolve, reject) => {
        const same = key === null ? undefined : waiting.get(key);
        if (same) {
          joined++;
          same.answer.push({ resolve, reject });
          return;
        }
        const w: Waiting<R> = { run, answer: [{ resolve, reject }] };
        if (running < capacity) start(w);
        else waiting.set(key ?? Symbol(), w);
      });
    },
    stats: () => ({ running, waiting: waiting.size, joined }),
  };
}

/** Statements that may be shared: plain reads, without functions whose effect or answer is per call. */
const READ = /^\s*(SELECT|WITH)\b/i;
const NOT_SHARED = /\b(INSERT|UPDATE|DELETE|MERGE|pg_notify|pg_advisory\w*|pg_try_advisory\w*|nextval|setval|set_config|random|pg_sleep|clock_timestamp|FOR\s+(UPDATE|SHARE|NO\s+KEY|KEY))\b/i;

/**
 * The key under which a statement may be shared with identical ones, or null when it may not (not a
 * plain read, or a value of a kind whose text form is not certain): the text and every value, typed.
 */
export function readKey(text: string, values: readonly unknown[]): string | null {
  if (!READ.test(text) || NOT_SHARED.test(text)) return null;
  let key = text;
  for (const v of values) {
    if (v === null || v === undefined) key += '\u0000n';
    else if (typeof v === 'string') key += `\u0000s${v.length}:${v}`;
    else if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') key += `\u0000${typeof v}:${String(v)}`;
    else if (v instanceof Date) key += `\u0000d${v.getTime()}`;
    else return null;
  }
  return key;
}
