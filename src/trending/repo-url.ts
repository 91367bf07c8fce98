// Recognises a GitHub repository URL and gives its canonical key and owner/name.

export interface RepoRef {
  /** Lower-cased `https://github.com/owner/name`: GitHub names are case-insensitive, so this is the key. */
  url: string;
  /** `owner/name` as written. */
  fullName: string;
}

// GitHub owners: letters, digits, single hyphens; repository names also allow `.` and `_`.
const REPO = /^https?:\/\/(?:www\.)?github\.com\/([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\/([A-Za-z0-9._-]{1,100})(?:[/#?].*)?$/;

/** The repository a URL points into, or null for anything that is not a GitHub repository. */
export function parseRepoUrl(url: string): RepoRef | null {
  const m = REPO.exec(url.trim());
  if (!m) return null;
  const name = m[2].replace(/\.git$/, '');
  if (!name || name === '.' || name === '..') return null;
  const fullName = `${m[1]}/${name}`;
  return { url: `https://github.com/${fullName.toLowerCase()}`, fullName };
}
