// Small display helpers for pages: dates, author lists, numbers (and safe link targets, which
// the API and feeds share from src/safe-url.ts).

export { safeHttpUrl } from '../safe-url.ts';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `Dec 31, 2025` from YYYY-MM-DD or epoch ms (UTC). */
export function formatDay(day: string | number | null): string {
  if (day === null) return '';
  const d = typeof day === 'number' ? new Date(day).toISOString().slice(0, 10) : day;
  return `${MONTHS[Number(d.slice(5, 7)) - 1]} ${Number(d.slice(8, 10))}, ${d.slice(0, 4)}`;
}

/** First `max` authors, then "et al.": a row stays one line for 40-author papers. */
export function shortAuthors(authors: readonly string[], max = 4): string {
  if (authors.length <= max) return authors.join(', ');
  return `${authors.slice(0, max).join(', ')} et al.`;
}

/** 1234 → "1.2k": star counts in a narrow column. */
export function compactNumber(n: number): string {
  if (n < 1000) return String(n);
  if (n < 100_000) return `${(n / 1000).toFixed(1).replace(/\.0$/, '')}k`;
  return `${Math.round(n / 1000)}k`;
}

/** `owner/repo` of a GitHub URL, for link text. */
export function repoName(url: string): string {
  const m = /^https?:\/\/github\.com\/([^/]+\/[^/#?]+)/i.exec(url);
  return m ? m[1]! : url.replace(/^https?:\/\//, '');
}

/**
 * The moment a listing dates a paper by (epoch ms): its first publication, or when we first saw
 * it. The trending age counts from the same moment, so "Dec 20, 2025" and "3 days old" agree.
 */
export function paperDate(p: { publishedAt: number | null; createdAt: number }): number | null {
  return p.publishedAt ?? p.createdAt ?? null;
}

/** `next` if it is a path on this site (`/submit?x=1`), else null: redirects never leave the site. */
export function safeLocalPath(next: string | null | undefined): string | null {
  if (!next || next.length > 500 || !next.startsWith('/') || next.startsWith('//') || /[\\\s]/.test(next)) return null;
  return next;
}
