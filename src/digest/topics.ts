// Subscription topics: parsing what a form or JSON body says, and whether a paper matches (pure).
import { InputError } from '../errors.ts';
import type { DigestPeriod, Paper, Topics } from '../model.ts';

export const NO_TOPICS: Topics = Object.freeze({ categories: [], keywords: [], query: null }) as Topics;

const CATEGORY = /^[a-z-]+(\.[A-Za-z-]+)?$/;
const MAX_ITEMS = 20;
const MAX_TEXT = 100;

/** A list from a JSON array or from comma/newline separated text, trimmed, deduplicated. */
function listOf(value: unknown, what: string): string[] {
  if (value === undefined || value === null || value === '') return [];
  const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[,\n]/) : null;
  if (!items || items.some((i) => typeof i !== 'string')) throw new InputError(`${what} must be a list of strings`);
  const out = [...new Set((items as string[]).map((i) => i.trim()).filter(Boolean))];
  if (out.length > MAX_ITEMS) throw new InputError(`${what}: at most ${MAX_ITEMS} entries`);
  for (const i of out) if (i.length > MAX_TEXT) throw new InputError(`${what}: "${i.slice(0, 20)}…" is longer than ${MAX_TEXT} characters`);
  return out;
}

/** Topics from `{categories, keywords, query}` (arrays or comma-separated text); throws InputError naming the bad field. */
export function parseTopics(input: unknown): Topics {
  if (input === undefined || input === null) return { categories: [], keywords: [], query: null };
  if (typeof input !== 'object' || Array.isArray(input)) throw new InputError('topics must be an object {categories, keywords, query}');
  const o = input as Record<string, unknown>;
  const categories = listOf(o.categories, 'topics.categories');
  for (const c of categories) if (!CATEGORY.test(c)) throw new InputError(`topics.categories: "${c}" is not an arXiv category such as cs.CL`);
  const keywords = listOf(o.keywords, 'topics.keywords');
  const q = o.query ?? o.savedSearch ?? null;
  if (q !== null && typeof q !== 'string') throw new InputError('topics.query must be a string');
  const query = q?.trim() ? q.trim().slice(0, 200) : null;
  return { categories, keywords, query };
}

export function hasTopics(t: Topics): boolean {
  return t.categories.length > 0 || t.keywords.length > 0 || t.query !== null;
}

const fold = (s: string) => s.toLowerCase().normalize('NFKC');

// A digest run matches the same few hundred papers against every subscriber's topics: fold each
// paper's text once, not once per subscriber.
const foldedText = new WeakMap<object, string>();
function paperText(paper: Pick<Paper, 'title' | 'abstract'>): string {
  let text = foldedText.get(paper);
  if (text === undefined) {
    text = fold(`${paper.title}\n${paper.abstract}`);
    foldedText.set(paper, text);
  }
  return text;
}

/**
 * Whether a paper matches: any category, any keyword (in title or abstract, case-insensitively),
 * or the saved search. `queryHits` are the papers the search service finds for the saved search;
 * without it (no search index in this process) every word of the search must appear instead.
 * No topics at all matches every paper.
 */
export function matchesTopics(paper: Pick<Paper, 'id' | 'title' | 'abstract' | 'categories'>, t: Topics, queryHits?: ReadonlySet<string> | null): boolean {
  if (!hasTopics(t)) return true;
  if (t.categories.length && paper.categories.some((c) => t.categories.includes(c))) return true;
  const text = paperText(paper);
  if (t.keywords.some((k) => text.includes(fold(k)))) return true;
  if (t.query && queryHits) return queryHits.has(paper.id);
  if (t.query) {
    const terms = fold(t.query).split(/\s+/).filter(Boolean);
    if (terms.length && terms.every((term) => text.includes(term))) return true;
  }
  return false;
}

/** A frequency from form or JSON: `daily`, `weekly`; the weekday (0-6 or a day name) for weekly. */
export function parseFrequency(frequency: unknown, weekday: unknown): { frequency: DigestPeriod; weekday: number | null } {
  const f = frequency === undefined || frequency === '' ? 'daily' : frequency;
  if (f !== 'daily' && f !== 'weekly') throw new InputError('frequency must be "daily" or "weekly"');
  if (f === 'daily') return { frequency: 'daily', weekday: null };
  if (weekday === undefined || weekday === '' || weekday === null) return { frequency: 'weekly', weekday: 1 };
  const named = typeof weekday === 'string' ? WEEKDAYS.findIndex((d) => d.toLowerCase().startsWith(weekday.toLowerCase().slice(0, 3))) : -1;
  const n = named >= 0 && typeof weekday === 'string' && !/^\d$/.test(weekday) ? named : Number(weekday);
  if (!Number.isInteger(n) || n < 0 || n > 6) throw new InputError('weekday must be 0 (Sunday) to 6 (Saturday) or a day name');
  return { frequency: 'weekly', weekday: n };
}

export const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** A normalised email address, or an InputError. Deliberately loose: the confirmation mail is the real check. */
export function parseEmail(value: unknown): string {
  if (typeof value !== 'string' || !value.trim()) throw new InputError('email is required');
  const email = value.trim().toLowerCase();
  if (email.length > 254 || !/^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]+$/.test(email)) {
    throw new InputError(`email: "${value.trim().slice(0, 60)}" is not an email address`);
  }
  return email;
}
