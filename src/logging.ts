// Structured JSON logs (pino) for the long-running processes; CLI commands keep their human output.
import { pino, type Logger } from 'pino';
import type { Config } from './config.ts';

export type { Logger };

/**
 * One JSON object per line on `stream` (stdout by default): time, level, msg and the fields given,
 * e.g. a request's id, route, status and duration, so a log shipper can index them.
 */
export function createLogger(level: Config['ops']['logLevel'], stream: NodeJS.WritableStream = process.stdout): Logger {
  return pino({ level, base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime }, stream);
}
