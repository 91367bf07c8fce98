// Finds code repositories and project pages in free text, canonicalising GitHub repository URLs.

/** GitHub paths that are site pages, not `owner/repo`. */
const GITHUB_RESERVED = new Set([
  'about', 'apps', 'blog', 'collections', 'contact', 'customer-stories', 'enterprise', 'explore', 'features',
  'issues', 'login', 'marketplace', 'new', 'notifications', 'orgs', 'organizations', 'pricing', 'pulls', 'search',
  'security', 'settings', 'site', 'sponsors', 'topics', 'trending', 'users',
]);

/** `https://github.com/owner/repo` for any URL inside a GitHub repository, or null. */
export function canonicalGithubRepo(url: string): string | null {
  const m = /^(?:https?:\/\/)?(?:www\.)?github\.com\/([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\/([A-Za-z0-9._-]{1,100})/i.exec(url.trim());
  if (!m) return null;
  const owner = m[1];
  const repo = m[2].replace(/\.git$/i, '').replace(/\.+$/, '');
  if (!repo || GITHUB_RESERVED.has(owner.toLowerCase())) return null;
  return `https://github.com/${owner}/${repo}`;
}

/** Hosts whose links are references, not a paper's project page. */
const NOT_PROJECT = /(^|\.)(arxiv\.org|doi\.org|creativecommons\.org|github\.com|orcid\.org|twitter\.com|x\.com|youtube\.com|youtu\.be)$/i;

/** URLs in text: with a scheme, or bare `github.com/...`. */
const URL_RE = /\b(?:https?:\/\/|www\.|github\.com\/)[^\s<>"'`{}|\\^]+/gi;

/** A URL found in prose, minus the sentence punctuation and unbalanced brackets that follow it. */
export function trimUrl(url: string): string {
  let s = url;
  for (;;) {
    const before = s;
    s = s.replace(/[.,;:!?'"*]+$/, '');
    for (const [open, close] of [['(', ')'], ['[', ']']]) {
      if (s.endsWith(close) && count(s, open) < count(s, close)) s = s.slice(0, -1);
    }
    if (s === before) return s;
  }
}

function count(s: string, ch: string): number {
  let n = 0;
  for (const c of s) if (c === ch) n++;
  return n;
}

export interface Links {
  codeUrls: string[];
  projectUrls: string[];
}

/**
 * Code repositories and project pages mentioned in texts (abstract, comments). GitHub repository
 * URLs are canonical; other web pages count as project pages unless they are references
 * (arXiv, DOI, licences, social media). Order of first mention is kept; duplicates dropped.
 */
export function extractLinks(...texts: (string | null | undefined)[]): Links {
  const code: string[] = [];
  const project: string[] = [];
  for (const text of texts) {
    if (!text) continue;
    for (const raw of text.match(URL_RE) ?? []) {
      const url = trimUrl(raw);
      const repo = canonicalGithubRepo(url);
      if (repo) {
        addUnique(code, repo);
        continue;
      }
      const page = projectPage(url);
      if (page) addUnique(project, page);
    }
  }
  return { codeUrls: code, projectUrls: project };
}

/** A project page URL normalised (scheme added), or null when it is not one. */
export function projectPage(url: string): string | null {
  const withScheme = /^https?:\/\//i.test(url) ? url : `https://${url}`;
  let parsed: URL;
  try {
    parsed = new URL(withScheme);
  } catch {
    return null;
  }
  if (!parsed.hostname.includes('.') || NOT_PROJECT.test(parsed.hostname)) return null;
  return withScheme;
}

/** Adds to a list unless a case-insensitive equal is there (GitHub owners are case-insensitive). */
export function addUnique(list: string[], url: string): void {
  const lower = url.toLowerCase();
  if (!list.some((u) => u.toLowerCase() === lower)) list.push(url);
}
