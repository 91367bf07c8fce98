// `paperboy digest send|preview`: send the due digest from the outbox, or print one subscriber's digest.
import type { CommandContext } from './context.ts';
import { openStore } from '../open-store.ts';
import { UsageError, InputError } from '../errors.ts';
import { createMailer } from '../mail/transport.ts';
import type { DigestPeriod } from '../model.ts';
import { sendDigestRun, type SendReport } from '../digest/send.ts';
import { previewDigest } from '../digest/preview.ts';
import { isDailySendingDay, localDayAndHour } from '../digest/schedule.ts';
import { openSearchService } from '../search/open-search.ts';
import { parseCommandArgs, dayOption } from './args.ts';

const HELP = `usage: paperboy digest send [--period daily|weekly] [--at YYYY-MM-DD] [--dry-run]
       paperboy digest preview EMAIL [--period daily|weekly] [--at YYYY-MM-DD] [--text] > digest.html

send     sends the digest due on --at (default: today in DIGEST_TIME_ZONE), both periods unless
         --period says which. Resumes an interrupted run; a finished run is not sent again.
preview  prints the digest EMAIL would get (HTML, or the plain text with --text); records nothing.
`;

function periodOption(value: string | undefined): DigestPeriod | undefined {
  if (value === undefined) return undefined;
  if (value !== 'daily' && value !== 'weekly') throw new UsageError(`--period must be daily or weekly, got ${JSON.stringify(value)}`);
  return value;
}

function describe(r: SendReport): string {
  const counts = Object.entries(r.counts)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  return `${r.period} digest due ${r.dueOn}${r.runId ? ` (run ${r.runId})` : ''}: ${r.note ?? `sent ${r.sentNow} now`}${counts ? `; ${counts}` : ''}\n`;
}

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const [sub, ...rest] = args;
  if (!sub || sub === '--help' || sub === '-h') {
    (sub ? ctx.stdout : ctx.stderr).write(HELP);
    return sub ? 0 : 2;
  }
  const { values, positionals } = parseCommandArgs(rest, {
    period: { type: 'string' },
    at: { type: 'string' },
    'dry-run': { type: 'boolean' },
    text: { type: 'boolean' },
  });
  const period = periodOption(values.period);
  const dueOn = dayOption(values.at, 'at') ?? localDayAndHour(Date.now(), ctx.config.digest.timeZone).day;
  if (sub === 'send') {
    if (positionals.length) throw new UsageError(`unexpected argument ${positionals[0]}`);
    const dryRun = values['dry-run'] === true;
    if (!dryRun && !ctx.config.mail.smtpUrl) throw new InputError('SMTP_URL is not set: set it to smtp://host:port to send digests (or use --dry-run)');
    const db = await openStore(ctx.config);
    const mailer = dryRun ? null : createMailer(ctx.config, { maxConnections: ctx.config.digest.connections });
    try {
      const periods: DigestPeriod[] = period ? [period] : isDailySendingDay(dueOn, ctx.config.digest.weekends) ? ['daily', 'weekly'] : ['weekly'];
      let pending = 0;
      for (const p of periods) {
        const report = await sendDigestRun(
          { db, mailer, config: ctx.config, log: (l) => ctx.stderr.write(`${l}\n`), search: () => openSearchService(db, ctx.config) },
          { period: p, dueOn, dryRun },
        );
        ctx.stdout.write(describe(report));
        pending += report.counts.pending ?? 0;
      }
      return pending > 0 && !dryRun ? 1 : 0;
    } finally {
      mailer?.close();
      await db.close();
    }
  }
  if (sub === 'preview') {
    const email = positionals[0];
    if (!email || positionals.length > 1) throw new UsageError('digest preview needs one EMAIL');
    const db = await openStore(ctx.config);
    try {
      const mail = await previewDigest(db, ctx.config, email, period ?? null, dueOn);
      if (!mail) {
        ctx.stderr.write(`paperboy digest: nothing new for ${email} in the digest due ${dueOn}; an empty digest is not sent\n`);
        return 1;
      }
      ctx.stdout.write(values.text ? mail.text : mail.html);
      return 0;
    } finally {
      await db.close();
    }
  }
  throw new UsageError(`unknown digest command '${sub}'\n${HELP}`);
}
