// What every sender of mail (digests, transactional mail) does with an SMTP failure, and how long
// it waits before trying again: one policy for the whole outbox.
import { smtpReplyCode } from './transport.ts';

export interface SmtpFailure {
  /** permanent: a 5xx reply, the address goes on the suppression list; temporary: a 4xx reply
   * (greylisting, a full mailbox); connection: no reply at all (refused, timed out). */
  kind: 'permanent' | 'temporary' | 'connection';
  code: number | null;
  message: string;
}

export function classifySmtpFailure(err: unknown): SmtpFailure {
  const code = smtpReplyCode(err);
  const message = (err as Error)?.message ?? String(err);
  if (code === null) return { kind: 'connection', code, message };
  return { kind: code >= 500 ? 'permanent' : 'temporary', code, message };
}

/** Exponential back-off with jitter: about base·2^(attempt-1), capped, never below half of it. */
export function backoffMs(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const full = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(full / 2 + (random() * full) / 2);
}
