// Browser tests' shared step: signing in through the link a real SMTP server received.
import type { Page } from 'playwright-core';
import type { SmtpServerHandle } from './smtp-server.ts';
import { linkInMail } from './web-client.ts';

/** Signs `email` in on the site at `base` as a person would: the form, the mailed link, the confirm button. */
export async function signInByMail(page: Page, base: string, smtp: SmtpServerHandle, email: string): Promise<void> {
  const before = smtp.received().length;
  await page.goto(`${base}/signin`);
  await page.fill('#signin-email', email);
  await page.click('form[action="/signin"] button[type=submit]');
  await page.waitForSelector('text=Check your inbox');
  const mail = (await smtp.waitFor(before + 1)).slice(before).find((m) => m.to.includes(email))!;
  await page.goto(linkInMail(mail.raw));
  await page.click('form[action="/signin/confirm"] button[type=submit]');
  await page.waitForURL(`${base}/`);
}
