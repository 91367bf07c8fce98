// Browser tests' shared steps: signing in through the link a real SMTP server received, and axe.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
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

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core's violations on the page as it is now. Evaluated through the browser's debugging
 * protocol: an injected script tag would be refused by the pages' own CSP.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  });
}
