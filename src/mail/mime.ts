// Builds a complete multipart/alternative message (text + HTML) as one string, for bulk mail.
// nodemailer's composer is general (attachments, any encoding) and spends most of a bulk send
// encoding and streaming small pieces; a digest needs one fixed shape, built in one pass.
import { randomBytes } from 'node:crypto';
import { domainToASCII } from 'node:url';

export interface MimeMessage {
  /** A From header value: `Name <addr>` or `addr` (the configured MAIL_FROM). */
  from: string;
  to: string;
  subject: string;
  messageId: string;
  date?: Date;
  headers?: Record<string, string>;
  text: string;
  html: string;
}

const ESCAPED = Array.from({ length: 256 }, (_, b) => `=${b.toString(16).toUpperCase().padStart(2, '0')}`);

/** Splits a long encoded line with soft breaks, never inside an =XX escape. */
function wrapLine(line: string): string {
  if (line.length <= 76) return line;
  let out = '';
  let i = 0;
  while (line.length - i > 76) {
    let cut = i + 75;
    if (line[cut - 1] === '=') cut -= 1;
    else if (line[cut - 2] === '=') cut -= 2;
    out += line.slice(i, cut) + '=\r\n';
    i = cut;
  }
  return out + line.slice(i);
}

/**
 * Quoted-printable (RFC 2045) of UTF-8 text: CRLF line ends, soft breaks keep lines within 76.
 * Works on the UTF-8 bytes as a latin1 string with regular expressions: bulk sends encode
 * megabytes, and a byte-by-byte loop was the slowest part of composing a digest.
 */
export function encodeQuotedPrintable(input: string): string {
  const encoded = Buffer.from(input.replace(/\r\n/g, '\n'), 'utf8')
    .toString('latin1')
    .replace(/[^\t\n\x20-\x3c\x3e-\x7e]/g, (c) => ESCAPED[c.charCodeAt(0)]!)
    .replace(/[ \t](?=\n|$)/g, (c) => ESCAPED[c.charCodeAt(0)]!);
  return encoded.split('\n').map(wrapLine).join('\r\n');
}

/** A header value, as RFC 2047 encoded words when it is not plain ASCII, folded below 78 columns. */
export function encodeHeaderValue(value: string): string {
  const clean = value.replace(/[\r\n]+/g, ' ');
  if (/^[\x20-\x7e]*$/.test(clean)) return clean;
  // Each word holds whole characters, at most 45 bytes (60 base64 characters + 12 of framing).
  const words: string[] = [];
  let chunk = '';
  for (const ch of clean) {
    if (Buffer.byteLength(chunk + ch) > 45) {
      words.push(chunk);
      chunk = '';
    }
    chunk += ch;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w).toString('base64')}?=`).join('\r\n ');
}

/** The bare address of a From value. */
export function addressOf(from: string): string {
  return /<([^>]+)>/.exec(from)?.[1] ?? from.trim();
}

/**
 * An address as it travels: its domain in ASCII (IDNA, `bücher.example` → `xn--bcher-kva.example`),
 * so only a non-ASCII local part still needs the server's SMTPUTF8 (RFC 6531), which nodemailer
 * asks for on the envelope; in headers such a local part is sent as UTF-8 (RFC 6532).
 */
export function transportAddress(address: string): string {
  const at = address.lastIndexOf('@');
  if (at < 0 || !/[^\x20-\x7e]/.test(address.slice(at + 1))) return address;
  return address.slice(0, at + 1) + (domainToASCII(address.slice(at + 1)) || address.slice(at + 1));
}

/** A From or To header value: the display name (if any) as encoded words, the address via transportAddress. */
function mailboxHeader(value: string): string {
  const m = /^(.*?)\s*<([^>]+)>\s*$/.exec(value);
  if (!m) return transportAddress(value.trim());
  return m[1] ? `${encodeHeaderValue(m[1])} <${transportAddress(m[2]!)}>` : `<${transportAddress(m[2]!)}>`;
}

/** The whole message, CRLF line ends, ready for SMTP DATA (the transport dot-stuffs it). */
export function buildAlternativeMessage(m: MimeMessage): string {
  const boundary = `--pb-${randomBytes(12).toString('hex')}`;
  const date = (m.date ?? new Date()).toUTCString().replace(/GMT$/, '+0000');
  const head = [
    `From: ${mailboxHeader(m.from)}`,
    `To: ${mailboxHeader(m.to)}`,
    `Subject: ${encodeHeaderValue(m.subject)}`,
    `Message-ID: ${m.messageId}`,
    `Date: ${date}`,
    'MIME-Version: 1.0',
    ...Object.entries(m.headers ?? {}).map(([k, v]) => `${k}: ${encodeHeaderValue(v).replace(/>, </g, '>,\r\n <')}`),
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
  ];
  return (
    head.join('\r\n') +
    `\r\n\r\n--${boundary}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n` +
    encodeQuotedPrintable(m.text) +
    `\r\n--${boundary}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n` +
    encodeQuotedPrintable(m.html) +
    `\r\n--${boundary}--\r\n`
  );
}
