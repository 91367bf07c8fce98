// Remembers which papers are similar to which: the paper page's costliest part (a keyword and a
// vector search over the whole catalog, ~20 ms at 60k papers) changes only when the catalog does,
// while the papers shown (their counts, whether hidden) are read fresh on every render.
import type { Db } from '../db/db.ts';
import type { Paper } from '../model.ts';
import { getCatalogVersion } from '../store/data-version.ts';
import { getPapersByIds } from '../store/papers.ts';

const MAX_PAPERS = 5000;
/** The search index follows the catalog a little later (it polls): recompute at least this often. */
const MAX_AGE_MS = 60_000;

export function memoizeSimilar(db: Db, similar: (paper: Paper, limit: number) => Promise<Paper[]>, now = Date.now) {
  const memo = new Map<string, { version: number; at: number; ids: string[] }>();
  return async (paper: Paper, limit: number): Promise<Paper[]> => {
    const key = `${paper.id}\u0000${limit}`;
    const version = await getCatalogVersion(db);
    const known = memo.get(key);
    if (known && known.version === version && now() - known.at < MAX_AGE_MS) {
      return getPapersByIds(db, known.ids, { visibleOnly: true });
    }
    const papers = await similar(paper, limit);
    memo.delete(key);
    memo.set(key, { version, at: now(), ids: papers.map((p) => p.id) });
    if (memo.size > MAX_PAPERS) memo.delete(memo.keys().next().value!);
    return papers;
  };
}
