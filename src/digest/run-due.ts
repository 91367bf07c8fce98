// The scheduled digest job: from the send hour on, send (or resume) today's due digests.
import type { Config } from '../config.ts';
import type { Db } from '../db/db.ts';
import { createMailer } from '../mail/transport.ts';
import { dueDigestRuns } from './schedule.ts';
import { sendDigestRun } from './send.ts';

/**
 * Sends every digest due at `now` (dueDigestRuns: daily on sending days, weekly every day for that
 * weekday's subscribers). A finished run is skipped; an interrupted one resumes from its outbox.
 * Retries that would wait past `budgetMs` are left for the next tick instead of holding the worker.
 */
export async function runDueDigests(db: Db, config: Config, now: number, budgetMs = 4 * 60_000, log: (l: string) => void = () => {}): Promise<string> {
  const due = dueDigestRuns(now, config.digest);
  if (due.length === 0) return `nothing due before ${config.digest.sendHour}:00 ${config.digest.timeZone}`;
  if (!config.mail.smtpUrl) return 'SMTP_URL is not set: digests not sent';
  const mailer = createMailer(config, { maxConnections: config.digest.connections });
  try {
    const lines: string[] = [];
    for (const run of due) {
      const search = () => import('../search/open-search.ts').then((m) => m.openSearchService(db, config));
      const r = await sendDigestRun({ db, mailer, config, log, search }, { ...run, giveUpAt: now + budgetMs });
      lines.push(`${r.period} ${r.dueOn}: ${r.note ?? `sent ${r.sentNow}`}`);
    }
    return lines.join('; ');
  } finally {
    mailer.close();
  }
}
