// Calendar periods of Daily Papers (a day, an ISO week, a month): parsing, ranges, labels and neighbours.

export type PeriodKind = 'day' | 'week' | 'month';

export interface Period {
  kind: PeriodKind;
  /** Canonical key: `2025-12-31`, `2025-W01`, `2025-12`. */
  key: string;
  /** First and last day of the period, inclusive, as YYYY-MM-DD (compares correctly as text). */
  from: string;
  to: string;
}

/** One UTC day in milliseconds. */
export const DAY_MS = 86_400_000;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** YYYY-MM-DD of a UTC epoch-ms time. */
export function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Epoch ms at the start of a YYYY-MM-DD UTC day. */
export function dayMs(day: string): number {
  return Date.parse(`${day}T00:00:00Z`);
}

/** The last millisecond of a YYYY-MM-DD UTC day: `--at 2025-12-31` ranks as of the end of that day. */
export function endOfDay(day: string): number {
  return dayMs(day) + DAY_MS - 1;
}

/** The day `n` days after (or, negative, before) a YYYY-MM-DD day. */
export function addDays(day: string, n: number): string {
  return dayOf(dayMs(day) + n * DAY_MS);
}

/** Whether `s` is a real calendar day written YYYY-MM-DD (2025-02-30 is not). */
export function isDay(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(dayMs(s)) && dayOf(dayMs(s)) === s;
}

/** The ISO 8601 week key (`2026-W01`) containing a day: weeks start on Monday, week 1 holds the year's first Thursday. */
export function isoWeekOf(day: string): string {
  const ms = dayMs(day);
  const weekday = (new Date(ms).getUTCDay() + 6) % 7; // Monday = 0
  const thursday = ms + (3 - weekday) * DAY_MS;
  const year = new Date(thursday).getUTCFullYear();
  const week = Math.floor((thursday - Date.UTC(year, 0, 1)) / (7 * DAY_MS)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** Monday of ISO week `week` of `year`. */
function isoWeekStart(year: number, week: number): string {
  const jan4 = Date.UTC(year, 0, 4); // always in week 1
  const jan4Weekday = (new Date(jan4).getUTCDay() + 6) % 7;
  return dayOf(jan4 - jan4Weekday * DAY_MS + (week - 1) * 7 * DAY_MS);
}

export function dayPeriod(day: string): Period {
  return { kind: 'day', key: day, from: day, to: day };
}

export function weekPeriodOf(day: string): Period {
  const key = isoWeekOf(day);
  const from = isoWeekStart(Number(key.slice(0, 4)), Number(key.slice(6)));
  return { kind: 'week', key, from, to: addDays(from, 6) };
}

export function monthPeriodOf(day: string): Period {
  const key = day.slice(0, 7);
  const [y, m] = key.split('-').map(Number) as [number, number];
  return { kind: 'month', key, from: `${key}-01`, to: dayOf(Date.UTC(y, m, 0)) };
}

/** The period of `kind` that contains `day`. */
export function periodOf(kind: PeriodKind, day: string): Period {
  return kind === 'day' ? dayPeriod(day) : kind === 'week' ? weekPeriodOf(day) : monthPeriodOf(day);
}

/**
 * Parses a period key of the given kind; null when malformed or not a real date
 * (`2025-02-30`, `2025-W54`, `2025-13`), so callers can answer 400/404 naming the value.
 */
export function parsePeriod(kind: PeriodKind, key: string): Period | null {
  if (kind === 'day') return isDay(key) ? dayPeriod(key) : null;
  if (kind === 'month') {
    const m = /^(\d{4})-(\d{2})$/.exec(key);
    if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) return null;
    return monthPeriodOf(`${key}-01`);
  }
  const m = /^(\d{4})-W(\d{2})$/.exec(key);
  if (!m) return null;
  const week = Number(m[2]);
  if (week < 1 || week > 53) return null;
  const period = weekPeriodOf(isoWeekStart(Number(m[1]), week));
  return period.key === key ? period : null; // week 53 exists only in some years
}

/** The period of the same kind just before (-1) or after (+1) this one. */
export function adjacentPeriod(p: Period, direction: -1 | 1): Period {
  return periodOf(p.kind, direction < 0 ? addDays(p.from, -1) : addDays(p.to, 1));
}

/** Human label: `December 31, 2025`, `Week 1 of 2026 (Dec 29 – Jan 4)`, `December 2025`. */
export function periodLabel(p: Period): string {
  const short = (d: string) => `${MONTHS[Number(d.slice(5, 7)) - 1]!.slice(0, 3)} ${Number(d.slice(8))}`;
  if (p.kind === 'day') return `${MONTHS[Number(p.key.slice(5, 7)) - 1]} ${Number(p.key.slice(8))}, ${p.key.slice(0, 4)}`;
  if (p.kind === 'month') return `${MONTHS[Number(p.key.slice(5)) - 1]} ${p.key.slice(0, 4)}`;
  return `Week ${Number(p.key.slice(6))} of ${p.key.slice(0, 4)} (${short(p.from)} – ${short(p.to)})`;
}

/** Site path of a period's page. */
export function periodPath(p: Period): string {
  return `/papers/${p.kind === 'day' ? 'date' : p.kind}/${p.key}`;
}
