// Per-statement timings of a Db, for `npm run bench -- http --profile DIR`: a wrapper that counts each
// statement (by its text) and sums its wall time as the caller sees it (pool wait included), printed
// as a table of the statements that took the most time in all.
import type { Db } from '../src/db/db.ts';
import type { Sql } from 'sql-template-tag';

interface Stat {
  calls: number;
  ms: number;
  maxMs: number;
}

export function withQueryStats(db: Db): { db: Db; report(): string } {
  const stats = new Map<string, Stat>();
  const note = (text: string, ms: number) => {
    const key = text.replace(/\s+/g, ' ').trim();
    const s = stats.get(key) ?? { calls: 0, ms: 0, maxMs: 0 };
    s.calls++;
    s.ms += ms;
    s.maxMs = Math.max(s.maxMs, ms);
    stats.set(key, s);
  };
  const timed = async <T>(text: string, run: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await run();
    } finally {
      note(text, performance.now() - t0);
    }
  };
  const wrap = (inner: Db): Db => ({
    ...inner,
    dialect: inner.dialect,
    all: <T>(q: Sql) => timed(q.text, () => inner.all<T>(q)),
    get: <T>(q: Sql) => timed(q.text, () => inner.get<T>(q)),
    run: (q: Sql) => timed(q.text, () => inner.run(q)),
    exec: (s: string) => inner.exec(s),
    transaction: <T>(fn: (tx: Db) => Promise<T>) => timed('(transaction)', () => inner.transaction((tx) => fn(wrap(tx)))),
    listen: inner.listen?.bind(inner),
    close: () => inner.close(),
  });
  return {
    db: wrap(db),
    report() {
      const rows = [...stats].sort((a, b) => b[1].ms - a[1].ms).slice(0, 40);
      const total = [...stats.values()].reduce((n, s) => n + s.ms, 0);
      const lines = rows.map(([text, s]) =>
        `${String(s.calls).padStart(8)} ${s.ms.toFixed(0).padStart(9)} ${(s.ms / s.calls).toFixed(2).padStart(8)} ${s.maxMs.toFixed(0).padStart(7)}  ${text.slice(0, 220)}`,
      );
      return [`# statements by total wall time (pool wait included); all statements: ${total.toFixed(0)} ms`, `   calls  total ms  mean ms  max ms  statement`, ...lines].join('\n');
    },
  };
}
