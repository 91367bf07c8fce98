// What the service is doing, for operators: each scheduled job's last run, outcome, next run and
// failures, one-off jobs that gave up, and how fresh the catalog is. `worker --status` prints it,
// /admin/jobs shows it.
import type { Config } from '../config.ts';
import type { Db } from '../db/db.ts';
import { listFailedJobs, listRecurringJobs, type JobRow } from '../store/jobs.ts';
import { getCatalogFreshness } from '../store/papers.ts';
import { JOBS } from './registry.ts';

export type JobState = 'ok' | 'failing' | 'running' | 'waiting' | 'off';

export interface ScheduledJobStatus {
  name: string;
  title: string;
  /** The interval these settings give it; 0 when switched off. */
  everyMs: number;
  state: JobState;
  lastStartedAt: number | null;
  lastOkAt: number | null;
  /** What the last successful run said ("2026-12-07: 34 papers …"). */
  lastResult: string | null;
  lastError: string | null;
  /** Runs in a row that failed. */
  failures: number;
  nextRunAt: number | null;
  runningOn: string | null;
}

export interface ServiceStatus {
  jobs: ScheduledJobStatus[];
  failedOneOffs: JobRow[];
  catalog: { papers: number; lastUpdatedAt: number | null };
}

function stateOf(row: JobRow | undefined, everyMs: number, now: number): JobState {
  if (everyMs === 0) return 'off';
  if (!row) return 'waiting';
  // A failing source stays "failing" while it retries, until a run succeeds.
  if (row.failures > 0) return 'failing';
  if (row.locked_by && (row.locked_until ?? 0) > now) return 'running';
  return row.last_ok_at ? 'ok' : 'waiting';
}

export async function getServiceStatus(db: Db, config: Config, now = Date.now()): Promise<ServiceStatus> {
  const rows = new Map((await listRecurringJobs(db)).map((r) => [r.name, r]));
  const jobs = Object.entries(JOBS)
    .filter(([, d]) => d.every)
    .map(([name, d]): ScheduledJobStatus => {
      const row = rows.get(name);
      const everyMs = d.every!(config);
      return {
        name,
        title: d.title ?? name,
        everyMs,
        state: stateOf(row, everyMs, now),
        lastStartedAt: row?.last_started_at ?? null,
        lastOkAt: row?.last_ok_at ?? null,
        lastResult: row?.last_result ?? null,
        lastError: row?.failures ? row.last_error : null,
        failures: row?.failures ?? 0,
        nextRunAt: everyMs === 0 || !row ? null : row.run_at,
        runningOn: row?.locked_by && (row.locked_until ?? 0) > now ? row.locked_by : null,
      };
    });
  return { jobs, failedOneOffs: await listFailedJobs(db, 20), catalog: await getCatalogFreshness(db) };
}

/** "12 min ago", "in 3 h", "just now": relative times for a status read now. */
export function relativeTime(at: number | null, now: number): string {
  if (at === null) return 'never';
  const d = at - now;
  const abs = Math.abs(d);
  const unit = abs < 60_000 ? null : abs < 3_600_000 ? [60_000, 'min'] : abs < 86_400_000 ? [3_600_000, 'h'] : [86_400_000, 'd'];
  if (!unit) return d < 0 ? 'just now' : 'in under a minute';
  const n = Math.round(abs / (unit[0] as number));
  return d < 0 ? `${n} ${unit[1]} ago` : `in ${n} ${unit[1]}`;
}

/** One line per job, for `worker --status`: "hf-harvest  failing (3 in a row)  last ok 2 h ago  next in 4 min  HTTP 503 …". */
export function formatStatusLines(status: ServiceStatus, now: number): string[] {
  const lines = [`catalog: ${status.catalog.papers} papers, last updated ${relativeTime(status.catalog.lastUpdatedAt, now)}`];
  for (const j of status.jobs) {
    const state = j.state === 'failing' ? `failing (${j.failures} in a row)` : j.state === 'running' ? `running on ${j.runningOn}` : j.state;
    const parts = [j.name.padEnd(20), state.padEnd(22), `last ok ${relativeTime(j.lastOkAt, now)}`];
    if (j.state !== 'off') parts.push(`next ${relativeTime(j.nextRunAt, now)}`);
    if (j.lastError) parts.push(`error: ${j.lastError}`);
    else if (j.lastResult) parts.push(j.lastResult);
    lines.push(parts.join('  '));
  }
  for (const f of status.failedOneOffs) lines.push(`gave up: job ${f.id} ${f.name} after ${f.attempts} attempts: ${f.last_error}`);
  return lines;
}
