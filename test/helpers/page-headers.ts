// What every HTML page must carry (web/security-headers.ts), checked the same in-process and in the browser.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';

/** Asserts the security headers of one HTML answer; `headers` with lower-case names. */
export function assertSecurityHeaders(headers: Record<string, string>, where: string, https: boolean): void {
  assert.match(headers['content-type'] ?? '', /^text\/html/, where);
  const csp = headers['content-security-policy'] ?? '';
  assert.match(csp, /(^|; )script-src 'self'(;|$)/, `${where}: scripts only from our origin`);
  assert.match(csp, /(^|; )style-src 'self'(;|$)/, where);
  assert.match(csp, /(^|; )frame-ancestors 'none'(;|$)/, where);
  assert.match(csp, /(^|; )object-src 'none'(;|$)/, where);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, where);
  assert.equal(headers['x-content-type-options'], 'nosniff', where);
  // Pages behind mailed links use the stricter no-referrer.
  assert.ok(['strict-origin-when-cross-origin', 'no-referrer'].includes(headers['referrer-policy'] ?? ''), `${where}: Referrer-Policy`);
  assert.equal('strict-transport-security' in headers, https, `${where}: HSTS only when PUBLIC_URL is https`);
}

export function headersOf(res: Response): Record<string, string> {
  return Object.fromEntries([...res.headers].map(([k, v]) => [k.toLowerCase(), v]));
}

/**
 * Watches a browser page: every document it navigates to must carry the headers, and the browser
 * must report no CSP violation (a blocked inline script or style would break the page silently).
 * Call the returned function at the end of the test.
 */
export function watchSecurityHeaders(page: Page, https = false): () => void {
  const problems: string[] = [];
  const seen: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) problems.push(`CSP violation: ${m.text()}`);
  });
  page.on('response', (r) => {
    if (!r.request().isNavigationRequest() || r.request().frame() !== page.mainFrame()) return;
    if (!/^text\/html/.test(r.headers()['content-type'] ?? '')) return;
    seen.push(r.url());
    try {
      assertSecurityHeaders(r.headers(), r.url(), https);
    } catch (err) {
      problems.push((err as Error).message);
    }
  });
  return () => {
    assert.ok(seen.length > 0, 'the browser loaded pages');
    assert.deepEqual(problems, [], 'security headers on every page and no CSP violations');
  };
}
