// Browser tests' shared steps: launching Debian's Chromium, signing in through the link a real SMTP
// server received, and axe.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { SmtpServerHandle } from './smtp-server.ts';
import { linkInMail } from './web-client.ts';

/** Debian's Chromium (apt-get install -y chromium); `npx playwright install` cannot download one here. */
export const CHROMIUM = '/usr/bin/chromium';

/** Chromium headless with the flags every browser test uses. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}

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

/** One line per violation, naming the rule and up to three of the elements it found. */
export function describeViolations(violations: AxeViolation[]): string[] {
  return violations.map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}
