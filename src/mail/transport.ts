// The SMTP connection every mail goes through (magic links, confirmations, digests): nodemailer, pooled.
import nodemailer from 'nodemailer';
import type { Config } from '../config.ts';
import { addressOf, transportAddress } from './mime.ts';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  headers?: Record<string, string>;
  /** Message-ID, so a retried send of the same message is recognisable downstream. */
  messageId?: string;
  /** A complete message built elsewhere (mime.ts); the fields above then only set the envelope. */
  raw?: string;
}

export interface MailResult {
  messageId: string;
  accepted: string[];
  rejected: string[];
}

export interface Mailer {
  readonly from: string;
  send(mail: OutgoingMail): Promise<MailResult>;
  close(): void;
}

/** SMTP failures carry the server's reply code (4xx temporary, 5xx permanent) when there was one. */
export function smtpReplyCode(err: unknown): number | null {
  const code = (err as { responseCode?: unknown })?.responseCode;
  return typeof code === 'number' ? code : null;
}

export interface MailerOptions {
  /** Parallel SMTP connections in the pool. */
  maxConnections?: number;
  /** Messages one connection sends before it is recycled. */
  maxMessages?: number;
}

/**
 * A pooled SMTP mailer for `SMTP_URL` (smtp://user:pass@host:port, smtps:// for implicit TLS;
 * STARTTLS is used whenever the server offers it). Without SMTP_URL there is no way to mail,
 * so callers get a clear error instead of mail silently going nowhere.
 */
export function createMailer(config: Config, options: MailerOptions = {}): Mailer {
  const url = config.mail.smtpUrl;
  if (!url) throw new Error('SMTP_URL is not set: set it to smtp://host:port to send mail');
  const transport = nodemailer.createTransport({
    url,
    pool: true,
    maxConnections: options.maxConnections ?? 5,
    maxMessages: options.maxMessages ?? 1000,
    // A server that stops answering must not hang a digest run forever.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  } as Parameters<typeof nodemailer.createTransport>[0]);
  return {
    from: config.mail.from,
    async send(mail) {
      const info = await transport.sendMail(mail.raw !== undefined ? { envelope: { from: transportAddress(addressOf(config.mail.from)), to: [transportAddress(mail.to)] }, raw: mail.raw } : {
        from: config.mail.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        headers: mail.headers,
        messageId: mail.messageId,
      });
      return {
        messageId: String(info.messageId),
        accepted: (info.accepted ?? []).map(String),
        rejected: (info.rejected ?? []).map(String),
      };
    },
    close() {
      transport.close();
    },
  };
}
