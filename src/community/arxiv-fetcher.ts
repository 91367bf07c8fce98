// Brings a paper that is not in the catalog yet in from the arXiv API, for a member's submission.
import type { Db } from '../db/db.ts';
import type { Config } from '../config.ts';
import { PoliteClient } from '../ingest/polite-client.ts';
import { fetchArxivPaper } from '../ingest/arxiv-client.ts';
import { upsertPapers } from '../store/papers.ts';
import { syncPaperRepos } from '../trending/sync-repos.ts';

/** Thrown when arXiv could not be asked (network, 5xx after retries): the submission can be retried. */
export class ArxivUnavailable extends Error {}

/**
 * A fetcher sharing one polite client per process, so submissions respect arXiv's request gap
 * (ARXIV_MIN_INTERVAL_MS) however many members submit at once. Resolves true when the paper is
 * in the catalog afterwards, false when arXiv has no such paper.
 */
export function arxivPaperFetcher(db: Db, config: Config): (id: string) => Promise<boolean> {
  let client: PoliteClient | null = null;
  return async (id) => {
    client ??= new PoliteClient({ minIntervalMs: config.arxiv.minIntervalMs, jitterMs: 250, retries: 1, timeoutMs: 15_000 });
    let paper;
    try {
      paper = await fetchArxivPaper(client, config.arxiv.apiUrl, id);
    } catch (err) {
      throw new ArxivUnavailable((err as Error).message);
    }
    if (!paper) return false;
    await upsertPapers(db, [paper]);
    await syncPaperRepos(db);
    return true;
  };
}
