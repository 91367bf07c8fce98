// Text clean-up shared by the parsers: hard-wrapped whitespace, LaTeX accents in names, author lists.

/** Collapses hard wraps and runs of whitespace to single spaces. */
export function unwrap(text: string | null | undefined): string {
  if (!text) return '';
  // Matching only runs of 2+ and non-space whitespace (not every single space) keeps this cheap
  // on long abstracts: most of their whitespace is already single spaces.
  return text.replace(/\s{2,}|[^\S ]/g, ' ').trim();
}

/** Like unwrap, but null for empty text (optional fields). */
export function unwrapOrNull(text: unknown): string | null {
  if (typeof text !== 'string') return null;
  return unwrap(text) || null;
}

// Combining marks for the accent commands arXiv metadata uses (\'a, \"o, \c{c}, \v{s}, ...).
const ACCENTS: Record<string, string> = {
  "'": '\u0301', '`': '\u0300', '^': '\u0302', '"': '\u0308', '~': '\u0303', '=': '\u0304',
  '.': '\u0307', u: '\u0306', v: '\u030C', H: '\u030B', c: '\u0327', k: '\u0328', r: '\u030A',
};
const LETTERS: Record<string, string> = {
  ss: 'ß', o: 'ø', O: 'Ø', l: 'ł', L: 'Ł', ae: 'æ', AE: 'Æ', oe: 'œ', OE: 'Œ', aa: 'å', AA: 'Å', i: 'ı', j: 'ȷ',
};

/**
 * Replaces simple LaTeX accents with Unicode: `Bal\'azs` → `Balázs`, `{\"O}zt{\"u}rk` → `Öztürk`,
 * `\c{c}` → `ç`, `\ss` → `ß`. Anything it does not know is left as written.
 */
export function latexToUnicode(text: string): string {
  if (!text.includes('\\')) return text;
  let s = text
    // \'{a}, \'a, \' a, \c{c}, \v s — an accent command and the letter it sits on.
    .replace(/\\(['`^"~=.])\s*(?:\{\s*(\\?[A-Za-z])\s*\}|(\\?[A-Za-z]))/g, (m, acc: string, a?: string, b?: string) =>
      accent(m, acc, (a ?? b)!),
    )
    .replace(/\\([uvHckr])(?:\{\s*(\\?[A-Za-z])\s*\}|\s+([A-Za-z]))/g, (m, acc: string, a?: string, b?: string) =>
      accent(m, acc, (a ?? b)!),
    )
    .replace(/\\(ss|ae|AE|oe|OE|aa|AA|o|O|l|L)(?![A-Za-z])\s?(\{\})?/g, (_m, name: string) => LETTERS[name]);
  // Braces left around single accented letters: {\'a} → {á} → á.
  s = s.replace(/\{(\p{L}\p{M}*)\}/gu, '$1');
  return s.normalize('NFC');
}

function accent(match: string, acc: string, letter: string): string {
  // \i and \j are the dotless letters accents sit on in LaTeX.
  const base = letter === '\\i' ? 'i' : letter === '\\j' ? 'j' : letter;
  if (base.startsWith('\\')) return match;
  return base + ACCENTS[acc];
}

/** One author name: accents decoded, whitespace collapsed, stray braces removed. */
export function cleanName(name: string): string {
  return unwrap(latexToUnicode(name).replace(/[{}]/g, ''));
}

/**
 * Author names from a comma/`and`-separated string as arXiv writes it:
 * `A. One, B. Two and C. Three`, with `(1)`-style affiliation markers and parenthesised
 * affiliations removed.
 */
export function splitAuthors(text: string): string[] {
  // Parenthesised affiliations may nest: "A (1), B ((1) Univ. X, (2) Lab Y)".
  let s = text;
  for (let i = 0; i < 3 && /\([^()]*\)/.test(s); i++) s = s.replace(/\([^()]*\)/g, ' ');
  return s
    .split(/,|;|\band\b|&/)
    .map(cleanName)
    .filter((n) => n.length > 0 && !/^(et al\.?|others)$/i.test(n));
}

/**
 * Author names from whichever shape a source used: an array of names or of `{name}` objects,
 * Kaggle's `authors_parsed` (`[[last, first, suffix], ...]`, preferred when given because it needs
 * no guessing), or one string.
 */
export function authorsFrom(value: unknown, parsed?: unknown): string[] {
  if (Array.isArray(parsed) && parsed.length > 0 && parsed.every((p) => Array.isArray(p))) {
    const names = (parsed as unknown[][]).map((p) => {
      const [last, first, suffix] = p.map((x) => (typeof x === 'string' ? x : ''));
      return cleanName([first, last, suffix].filter(Boolean).join(' '));
    });
    if (names.every(Boolean)) return names;
  }
  if (Array.isArray(value)) {
    return value
      .map((a) => (typeof a === 'string' ? a : a && typeof a === 'object' && typeof a.name === 'string' ? a.name : ''))
      .map(cleanName)
      .filter(Boolean);
  }
  if (typeof value === 'string') return splitAuthors(value);
  return [];
}

/** Epoch ms of a date string (ISO, RFC 2822 or YYYY-MM-DD as UTC), or null. */
export function parseTime(value: unknown): number | null {
  // Epoch ms as a number: whole, and within the range a Date can hold (a stray 1e300 or 1.5
  // would otherwise reach the database, where PostgreSQL refuses it and fails the batch).
  if (typeof value === 'number') return Number.isSafeInteger(value) && Math.abs(value) <= 8.64e15 ? value : null;
  if (typeof value !== 'string' || !value.trim()) return null;
  const s = value.trim();
  const t = /^\d{4}-\d{2}-\d{2}$/.test(s) ? Date.parse(`${s}T00:00:00Z`) : Date.parse(s);
  return Number.isNaN(t) ? null : t;
}

/** Categories from an array or a space-separated string (`"hep-ph cs.AI"`), de-duplicated, order kept. */
export function categoriesFrom(value: unknown): string[] {
  const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/\s+/) : [];
  return [...new Set(list.filter((c): c is string => typeof c === 'string').map((c) => c.trim()).filter(Boolean))];
}

/** The largest count the catalog stores (PostgreSQL INTEGER). */
const MAX_COUNT = 2_147_483_647;

/** A count from JSON (upvotes, comments, stars): a whole number ≥ 0, capped, or null. */
export function countFrom(value: unknown): number | null {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return null;
  return Math.min(Math.round(value), MAX_COUNT);
}
