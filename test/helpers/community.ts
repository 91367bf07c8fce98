// Shared set-up for community web tests: an app with a real SMTP server, and signing in through the mailed link.
import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config.ts';
import { createApp } from '../../src/web/app.ts';
import type { Db } from '../../src/db/db.ts';
import { RateLimiter } from '../../src/web/rate-limit.ts';
import type { SmtpServerHandle } from './smtp-server.ts';
import { WebClient, linkInMail } from './web-client.ts';

export function communityApp(db: Db, smtp: SmtpServerHandle, opts: { limiter?: RateLimiter; env?: Record<string, string> } = {}) {
  const config = loadConfig({ DEMO_DIR: '', SMTP_URL: smtp.url, TRUST_PROXY: '1', PUBLIC_URL: 'http://localhost', SECRET_KEY: 'test-secret', ...opts.env });
  return createApp({ db, config, limiter: opts.limiter ?? new RateLimiter() });
}

/** Asks for a link for `email`, reads it from the mail the SMTP server received, and confirms it. */
export async function signInByMail(client: WebClient, smtp: SmtpServerHandle, email: string): Promise<void> {
  const before = smtp.received().length;
  await client.get('/signin');
  const res = await client.post('/signin', { email });
  assert.equal(res.status, 200);
  const mails = await smtp.waitFor(before + 1);
  const mail = mails.slice(before).reverse().find((m) => m.to.includes(email.toLowerCase()));
  assert.ok(mail, `a mail to ${email}`);
  const link = new URL(linkInMail(mail.raw));
  const page = await client.get(link.pathname + link.search);
  assert.equal(page.status, 200);
  const token = /name="token" value="([^"]+)"/.exec(page.html)![1];
  const confirmed = await client.post('/signin/confirm', { token });
  assert.equal(confirmed.status, 303);
}
