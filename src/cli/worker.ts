// `paperboy worker`: runs scheduled and queued jobs (star refresh, trending recompute, …) until stopped.
import type { CommandContext } from '../main.ts';
import { openStore } from '../open-store.ts';
import { runWorker } from '../jobs/worker.ts';
import { listJobs } from '../store/jobs.ts';
import { formatStatusLines, getServiceStatus } from '../jobs/status.ts';
import { parseCommandArgs } from './args.ts';

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseCommandArgs(
    args,
    {
      'exit-when-idle': { type: 'boolean' },
      'no-schedule': { type: 'boolean' },
      status: { type: 'boolean' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean' },
    },
    false,
  );
  if (values.help) {
    ctx.stdout.write(`usage: paperboy worker [--exit-when-idle] [--no-schedule] [--status] [--quiet]

Runs jobs from the queue in the database; start several (on PostgreSQL) to share the work.
  --exit-when-idle  stop when no one-off job is due or running
  --no-schedule     do not add the scheduled jobs (harvests, star refreshes, trending recompute, digests) to the queue
  --status          each scheduled job (last run, outcome, next run, failures), the catalog's freshness, and exit
Environment: WORKER_LEASE_MS (60000), WORKER_POLL_MS (1000), WORKER_RETRY_BASE_MS (60000), the
*_INTERVAL_MS schedule settings (see the README), GITHUB_TOKEN, GITHUB_API_URL.
`);
    return 0;
  }
  const db = await openStore(ctx.config);
  try {
    if (values.status) {
      const now = Date.now();
      for (const line of formatStatusLines(await getServiceStatus(db, ctx.config, now), now)) ctx.stdout.write(`${line}\n`);
      const queued = (await listJobs(db, 100)).filter((j) => j.every_ms === null && !j.done_at);
      if (queued.length) ctx.stdout.write(`queued: ${queued.length} one-off job${queued.length === 1 ? '' : 's'} (${[...new Set(queued.map((j) => j.name))].join(', ')})\n`);
      return 0;
    }
    const stop = new AbortController();
    const onSignal = () => stop.abort();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    try {
      await runWorker({
        db,
        config: ctx.config,
        leaseMs: ctx.config.worker.leaseMs,
        pollMs: ctx.config.worker.pollMs,
        schedule: !values['no-schedule'],
        exitWhenIdle: values['exit-when-idle'],
        signal: stop.signal,
        log: values.quiet ? undefined : (line) => ctx.stdout.write(`${new Date().toISOString()} ${line}\n`),
      });
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
    return 0;
  } finally {
    await db.close();
  }
}
