// Prometheus metrics of a web process (prom-client): request latency per route, and gauges read
// from the store and the search index when Prometheus scrapes.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Db } from '../db/db.ts';
import { countOpenJobs } from '../store/jobs.ts';
import { countPendingDigestMessages } from '../store/digests.ts';
import { listHarvestProgress } from '../store/harvest-state.ts';
import { getCatalogUpdatedAt } from '../store/papers.ts';

export interface Metrics {
  registry: Registry;
  /** One answered request: method, the route pattern it matched ('unmatched' for none), status, seconds. */
  observeRequest(method: string, route: string, status: number, seconds: number): void;
  /** One job run by this process (serve runs the scheduled jobs unless --no-jobs). */
  observeJob(name: string, outcome: 'ok' | 'failed', seconds: number): void;
}

export interface MetricSources {
  db: Db;
  /** Papers in this process's search index, when it has one. */
  indexedPapers?: () => number;
}

/**
 * A registry per app (never prom-client's global one), so tests and several apps in a process do
 * not share counters. `processMetrics` adds Node's own (RSS, heap, event-loop lag, GC) for `serve`.
 */
export function createMetrics(sources: MetricSources, opts: { processMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (opts.processMetrics) collectDefaultMetrics({ register: registry });
  const duration = new Histogram({
    name: 'paperboy_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by route pattern',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const errors = new Counter({
    name: 'paperboy_http_server_errors_total',
    help: 'Requests answered with a 5xx status',
    labelNames: ['route'] as const,
    registers: [registry],
  });
  const jobRuns = new Counter({
    name: 'paperboy_job_runs_total',
    help: 'Job runs in this process, by job and outcome (ok or failed)',
    labelNames: ['job', 'outcome'] as const,
    registers: [registry],
  });
  const jobSeconds = new Histogram({
    name: 'paperboy_job_duration_seconds',
    help: 'Time a job run took in this process',
    labelNames: ['job'] as const,
    buckets: [0.1, 1, 10, 60, 300, 1800],
    registers: [registry],
  });
  new Gauge({
    name: 'paperboy_jobs',
    help: 'Jobs not done yet in the shared queue: due, running (leased), failing (last attempt threw)',
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      const jobs = await countOpenJobs(sources.db, Date.now());
      for (const [state, n] of Object.entries(jobs)) this.set({ state }, n);
    },
  });
  new Gauge({
    name: 'paperboy_digest_outbox_pending',
    help: 'Digest messages waiting in the outbox',
    registers: [registry],
    async collect() {
      this.set(await countPendingDigestMessages(sources.db));
    },
  });
  new Gauge({
    name: 'paperboy_harvest_last_progress_seconds',
    help: 'Unix time a stored harvest (by name) last made progress',
    labelNames: ['name'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const h of await listHarvestProgress(sources.db)) this.set({ name: h.name }, Math.floor(h.updatedAt / 1000));
    },
  });
  new Gauge({
    name: 'paperboy_catalog_updated_seconds',
    help: 'Unix time the newest change to any paper was stored (imports, harvests, votes)',
    registers: [registry],
    async collect() {
      const at = await getCatalogUpdatedAt(sources.db);
      if (at !== null) this.set(Math.floor(at / 1000));
    },
  });
  if (sources.indexedPapers) {
    const indexed = sources.indexedPapers;
    new Gauge({
      name: 'paperboy_search_index_papers',
      help: "Papers in this process's search index",
      registers: [registry],
      collect() {
        this.set(indexed());
      },
    });
  }
  return {
    registry,
    observeRequest(method, route, status, seconds) {
      duration.observe({ method, route, status: String(status) }, seconds);
      if (status >= 500) errors.inc({ route });
    },
    observeJob(name, outcome, seconds) {
      jobRuns.inc({ job: name, outcome });
      jobSeconds.observe({ job: name }, seconds);
    },
  };
}
