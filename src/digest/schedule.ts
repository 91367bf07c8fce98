// When digests are due and which days they cover (pure date arithmetic on YYYY-MM-DD days).
import type { DigestConfig } from '../config.ts';
import type { DigestPeriod } from '../model.ts';
import { addDays } from '../periods.ts';

/** Weekday of a YYYY-MM-DD day: 0 = Sunday … 6 = Saturday. */
export function weekdayOf(day: string): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay();
}

/** The calendar day and hour at `now` in a time zone. */
export function localDayAndHour(now: number, timeZone: string): { day: string; hour: number } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(now);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '00';
  return { day: `${get('year')}-${get('month')}-${get('day')}`, hour: Number(get('hour')) };
}

/** Whether a daily digest goes out on this day. */
export function isDailySendingDay(day: string, weekends: boolean): boolean {
  const wd = weekdayOf(day);
  return weekends || (wd !== 0 && wd !== 6);
}

/**
 * The featured days [from, to) a digest due on `dueOn` covers. Weekly: the 7 days before. Daily:
 * everything since the previous sending day, so without weekend mail Monday's digest covers
 * Friday, Saturday and Sunday and nothing falls between two digests.
 */
export function digestWindow(period: DigestPeriod, dueOn: string, weekends: boolean): { from: string; to: string } {
  if (period === 'weekly') return { from: addDays(dueOn, -7), to: dueOn };
  let from = addDays(dueOn, -1);
  while (!isDailySendingDay(from, weekends)) from = addDays(from, -1);
  return { from, to: dueOn };
}

/**
 * The runs due at `now`: from the send hour on, today's daily digest (on sending days) and today's
 * weekly digest (which holds the weekly subscribers who chose today's weekday).
 */
export function dueDigestRuns(now: number, config: Pick<DigestConfig, 'timeZone' | 'sendHour' | 'weekends'>): { period: DigestPeriod; dueOn: string }[] {
  const { day, hour } = localDayAndHour(now, config.timeZone);
  if (hour < config.sendHour) return [];
  const runs: { period: DigestPeriod; dueOn: string }[] = [];
  if (isDailySendingDay(day, config.weekends)) runs.push({ period: 'daily', dueOn: day });
  runs.push({ period: 'weekly', dueOn: day });
  return runs;
}
