// Link targets taken from papers (code, project pages) are shown by pages, the API and feeds:
// only absolute http(s) URLs pass, so `javascript:` and friends never become links.

/** The URL if it is an absolute http(s) link, else null. */
export function safeHttpUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url.trim());
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}
