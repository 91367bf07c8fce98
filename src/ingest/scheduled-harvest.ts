// The scheduled harvests that keep a running site fresh: Hugging Face Daily Papers every half
// hour, arXiv over OAI-PMH once a day. Each run is idempotent and resumable, so a process killed
// mid-harvest loses nothing when the job runs again, and counts nothing twice.
import type { Config } from '../config.ts';
import type { Db } from '../db/db.ts';
import { addDays, dayOf } from '../periods.ts';
import { recomputeAll } from '../trending/recompute.ts';
import { syncPaperRepos } from '../trending/sync-repos.ts';
import { getHarvestState, saveHarvestState } from '../store/harvest-state.ts';
import { createArxivClient } from './arxiv-client.ts';
import { harvestHfDay } from './hf-harvest.ts';
import { harvestOai } from './oai-harvest.ts';
import { PoliteClient } from './polite-client.ts';

/**
 * The days one Hugging Face run fetches: today and yesterday (UTC), plus one older day among the
 * last `refreshDays`, taking turns run by run, so a recent paper's upvotes and comment counts stay
 * current at the cost of three requests per run.
 */
export function hfDaysToFetch(now: number, intervalMs: number, refreshDays: number): string[] {
  const today = dayOf(now);
  const days = [today, addDays(today, -1)];
  const older = refreshDays - 2;
  if (older > 0) {
    const turn = Math.floor(now / Math.max(intervalMs, 60_000)) % older;
    days.push(addDays(today, -2 - turn));
  }
  return days;
}

export async function harvestHfRecent(db: Db, config: Config, now: number): Promise<string> {
  // Failures are the job's to retry with back-off; a couple of quick retries cover a blip.
  const client = new PoliteClient({ minIntervalMs: 1000, jitterMs: 250, retries: 2, backoffMs: 2000, timeoutMs: config.huggingFace.timeoutMs });
  const parts: string[] = [];
  let changed = 0;
  for (const day of hfDaysToFetch(now, config.schedule.hfHarvestMs, config.schedule.hfRefreshDays)) {
    const s = await harvestHfDay(db, client, config.huggingFace.apiUrl, day);
    changed += s.new + s.updated;
    parts.push(`${day}: ${s.read} papers (${s.new} new, ${s.updated} updated${s.rejects.length ? `, ${s.rejects.length} rejected` : ''})`);
  }
  const sync = await syncPaperRepos(db, 1000, now);
  // Fresh upvotes move the ranking at once, not at the next scheduled recompute.
  if (changed > 0) await recomputeAll(db, now);
  return `${parts.join('; ')}; ${sync.upvoteChanges} upvote changes`;
}

interface ArxivDailyState {
  /** The first day (UTC, OAI-PMH datestamp) the next run asks for. */
  from: string;
}

/**
 * arXiv's new and changed records of each set since the day the last complete harvest ran (a day
 * of overlap is harmless: upserts of unchanged papers write nothing). A harvest cut short keeps
 * its resumption token and continues from it on the next run, which asks the same query.
 */
export async function harvestArxivIncremental(db: Db, config: Config, now: number, heartbeat: () => Promise<void> = async () => {}): Promise<string> {
  const client = createArxivClient(config);
  const parts: string[] = [];
  for (const set of config.schedule.arxivSets) {
    const name = `arxiv-daily:${set}`;
    const stored = await getHarvestState(db, name);
    const from = stored ? (JSON.parse(stored.params) as ArxivDailyState).from : addDays(dayOf(now), -1);
    const s = await harvestOai(db, client, { baseUrl: config.arxiv.oaiUrl, set, from, onPage: () => void heartbeat() });
    if (s.complete || s.stoppedBecause) {
      const next: ArxivDailyState = { from: dayOf(now) };
      await saveHarvestState(db, { name, params: JSON.stringify(next), token: null, harvested: (stored?.harvested ?? 0) + s.records, updatedAt: now });
    }
    parts.push(`${set} from ${from}: ${s.records} records (${s.new} new, ${s.updated} updated${s.rejects.length ? `, ${s.rejects.length} rejected` : ''})${s.resumed ? ', resumed' : ''}`);
  }
  await syncPaperRepos(db, 1000, now);
  return parts.join('; ');
}
