// Star refresh: splits the repository list into batch jobs, and refreshes one batch from GitHub.
import type { Db } from '../db/db.ts';
import { enqueueJobs } from '../store/jobs.ts';
import { addStarSnapshots, getReposByIds, listRecentPaperRepoIds, listRepoIdsAfter, updateRepoCheck, type RepoRow } from '../store/repos.ts';
import type { GithubClient, RepoLookup } from './github-client.ts';

export interface StarBatchPayload {
  /** Repository ids of this batch. */
  ids: number[];
  /** When the pass began: a repository checked since then was done by an earlier try of this batch. */
  since: number;
}

/**
 * Enqueues one `star-refresh-batch` job per `batchSize` repositories, so several workers share a
 * pass. Unique keys (pass start + first id) make a re-run of this fan-out after a crash add nothing.
 */
export async function enqueueStarRefresh(db: Db, now: number, batchSize = 100): Promise<number> {
  let after = 0;
  let jobs = 0;
  for (;;) {
    const ids = await listRepoIdsAfter(db, after, batchSize);
    if (ids.length === 0) return jobs;
    const payload: StarBatchPayload = { ids, since: now };
    jobs += await enqueueJobs(db, [{ name: 'star-refresh-batch', payload, uniqueKey: `star-refresh-batch:${now}:${ids[0]}` }], now);
    after = ids[ids.length - 1];
  }
}

/**
 * Enqueues refresh batches for the repositories of papers published or featured in the last
 * `days` days: the ones whose sparklines people look at, refreshed hourly while a full pass runs
 * every few hours. Keyed by the pass start, so a re-run after a crash adds nothing.
 */
export async function enqueueRecentStarRefresh(db: Db, now: number, days: number, batchSize = 100): Promise<{ repos: number; batches: number }> {
  const ids = await listRecentPaperRepoIds(db, now - days * 86_400_000);
  let batches = 0;
  for (let i = 0; i < ids.length; i += batchSize) {
    const part = ids.slice(i, i + batchSize);
    const payload: StarBatchPayload = { ids: part, since: now };
    batches += await enqueueJobs(db, [{ name: 'star-refresh-batch', payload, uniqueKey: `star-refresh-recent:${now}:${part[0]}` }], now);
  }
  return { repos: ids.length, batches };
}

/** Stores one look-up: the repository's status and, when GitHub told us its count, a snapshot. */
async function applyLookup(db: Db, repo: RepoRow, found: RepoLookup, at: number): Promise<void> {
  await db.transaction(async (tx) => {
    if (found.kind === 'gone') {
      await updateRepoCheck(tx, repo.id, { status: 'gone', stars: null, etag: null, renamedTo: null, at });
      return;
    }
    // 304: unchanged; a snapshot with the same count still tells velocity "no gain since".
    const stars = found.kind === 'not-modified' ? repo.stars : found.stars;
    const renamedTo = found.kind === 'renamed' ? found.fullName : repo.renamed_to;
    await updateRepoCheck(tx, repo.id, { status: found.kind === 'renamed' || renamedTo ? 'renamed' : 'ok', stars, etag: found.etag, renamedTo, at });
    if (stars !== null) await addStarSnapshots(tx, [{ repoId: repo.id, at, stars, source: 'github' }]);
  });
}

/**
 * Refreshes the star counts of one batch: through GraphQL (one request) with a token, else one
 * conditional REST request each. Each repository is stored as soon as it is fetched, so a worker
 * killed mid-batch loses nothing and the retry skips what was already done.
 */
export async function refreshStarBatch(
  db: Db,
  github: GithubClient,
  payload: StarBatchPayload,
  opts: { now?: () => number; heartbeat?: () => Promise<void> } = {},
): Promise<{ refreshed: number; skipped: number }> {
  const now = opts.now ?? Date.now;
  const repos = (await getReposByIds(db, payload.ids)).filter((r) => r.status !== 'gone');
  const todo = repos.filter((r) => r.last_checked === null || Number(r.last_checked) < payload.since);
  const name = (r: RepoRow) => r.renamed_to ?? r.full_name;
  if (github.canBatch && todo.length > 0) {
    const found = await github.getReposBatch(todo.map(name));
    const at = now();
    for (const r of todo) await applyLookup(db, r, found.get(name(r))!, at);
  } else {
    for (const r of todo) {
      const found = await github.getRepo(name(r), r.etag);
      await applyLookup(db, r, found, now());
      await opts.heartbeat?.();
    }
  }
  return { refreshed: todo.length, skipped: repos.length - todo.length };
}
