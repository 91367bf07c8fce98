// The worker's `mail-send` job: one pass over the transactional-mail outbox, then tidy it.
import type { Config } from '../config.ts';
import type { Db } from '../db/db.ts';
import { deleteOldOutboxMail } from '../store/mail-outbox.ts';
import { createMailSender } from './outbox.ts';
import { createMailer } from './transport.ts';

/** Finished rows are kept this long for the admin page, then deleted. */
const KEEP_MS = 30 * 86_400_000;

export async function runMailOutbox(db: Db, config: Config, log: (line: string) => void, now = Date.now()): Promise<string> {
  const removed = await deleteOldOutboxMail(db, now - KEEP_MS);
  if (!config.mail.smtpUrl) return 'SMTP_URL is not set: queued mail waits';
  const mailer = createMailer(config, { maxConnections: 2 });
  try {
    const sender = createMailSender({ db, config, mailer, log, poll: false });
    const sent = await sender.drain();
    return `${sent} sent${removed ? `, ${removed} old rows removed` : ''}`;
  } finally {
    mailer.close();
  }
}
