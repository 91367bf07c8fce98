// Query-parameter parsing at the API edge: each bad value becomes a ParamError naming the parameter.
import { parsePeriod, type Period, type PeriodKind } from '../periods.ts';

/** A request parameter the caller got wrong; the API answers 400 with its message. */
export class ParamError extends Error {}

/** Reads one request parameter by name (a URL's query, or an MCP tool's arguments as text). */
export type Query = (name: string) => string | undefined;

const CATEGORY = /^[A-Za-z-]+(\.[A-Za-z-]+)?$/;

/** An arXiv category such as cs.CL, or undefined when absent. */
export function categoryParam(raw: string | undefined, name = 'category'): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (!CATEGORY.test(raw)) throw new ParamError(`${name} must look like cs.CL, got ${JSON.stringify(raw)}`);
  return raw;
}

/** An integer parameter within [min, max], or the fallback when absent/empty. */
export function intParam(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  if (!/^-?\d+$/.test(raw)) throw new ParamError(`${name} must be an integer, got ${JSON.stringify(raw)}`);
  const n = Number(raw);
  if (n < min || n > max) throw new ParamError(`${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

/** One of a fixed set of words, or the fallback when absent. */
export function enumParam<T extends string>(name: string, raw: string | undefined, allowed: readonly T[], fallback: T): T {
  if (raw === undefined || raw === '') return fallback;
  if ((allowed as readonly string[]).includes(raw)) return raw as T;
  throw new ParamError(`${name} must be one of ${allowed.join(', ')}, got ${JSON.stringify(raw)}`);
}

const FORMATS: Record<PeriodKind, string> = { day: 'YYYY-MM-DD', week: 'YYYY-Www (ISO week)', month: 'YYYY-MM' };

/** The period named by `date`, `week` or `month` (at most one), or null when none is given. */
export function periodParam(query: { date?: string; week?: string; month?: string }): Period | null {
  const given = (['date', 'week', 'month'] as const).filter((k) => query[k] !== undefined && query[k] !== '');
  if (given.length > 1) throw new ParamError(`give only one of date, week, month (got ${given.join(', ')})`);
  const name = given[0];
  if (!name) return null;
  const kind: PeriodKind = name === 'date' ? 'day' : name;
  const period = parsePeriod(kind, query[name]!);
  if (!period) throw new ParamError(`${name} must be a real ${FORMATS[kind]}, got ${JSON.stringify(query[name])}`);
  return period;
}
