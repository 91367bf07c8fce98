// `paperboy worker`: runs scheduled and queued jobs (star refresh, trending recompute, …) until stopped.
import type { CommandContext } from './context.ts';
import { openStore } from '../open-store.ts';
import { runWorker } from '../jobs/worker.ts';
import { listJobs } from '../store/jobs.ts';
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
  --no-schedule     do not add the scheduled jobs (star-refresh, trending-recompute) to the queue
  --status          list the queue and exit
Environment: WORKER_LEASE_MS (60000), WORKER_POLL_MS (1000), GITHUB_TOKEN, GITHUB_API_URL.
`);
    return 0;
  }
  const db = await openStore(ctx.config);
  try {
    if (values.status) {
      for (const j of await listJobs(db, 100)) {
        const state = j.done_at ? 'done' : j.locked_by ? `running on ${j.locked_by}` : `due ${new Date(j.run_at).toISOString()}`;
        ctx.stdout.write(`${j.id}\t${j.name}\t${state}\tattempts ${j.attempts}${j.last_error ? `\t${j.last_error}` : ''}\n`);
      }
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
