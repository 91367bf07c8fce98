// Shared argument parsing for commands: node:util parseArgs with errors as UsageError.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../errors.ts';
import { isDay } from '../periods.ts';

export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: T,
  allowPositionals = true,
) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/** A positive integer option, or the fallback; anything else is a usage error. */
export function intOption(value: string | undefined, name: string, fallback: number, min = 1, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
  return n;
}

/** A YYYY-MM-DD option that names a real calendar day. */
export function dayOption(value: string | undefined, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (!isDay(value)) {
    throw new UsageError(`--${name} must be a date as YYYY-MM-DD, got ${JSON.stringify(value)}`);
  }
  return value;
}
