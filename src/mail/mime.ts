// Builds a complete multipart/alternative message (text + HTML) as one string, for bulk mail.
// nodemailer's composer is general (attachments, any encoding) and spends most of a bulk send
// encoding and streaming small pieces; a digest needs one fixed shape, built in one pass.
import { randomBytes } from 'node:crypto';

export interface MimeMessage {
  /** A From header value: `Name <addr>` or `addr` (ASCII; the configured MAIL_FROM). */
  from: string;
  to: string;
  subject: string;
  messageId: string;
  date?: Date;
  headers?: Record<string, string>;
  text: string;
  html: string;
}

const HEX = Buffer.from('0123456789ABCDEF');
const CR = 13;
const LF = 10;
const EQ = 61;

/**
 * Quoted-printable (RFC 2045) of UTF-8 text: CRLF line ends, soft breaks keep lines within 76.
 * Written byte by byte into one buffer: bulk sends encode megabytes, and per-character string
 * building was mostly garbage collection.
 */
export function encodeQuotedPrintable(input: string): string {
  const bytes = Buffer.from(input, 'utf8');
  const out = Buffer.allocUnsafe(bytes.length * 3 + Math.ceil((bytes.length * 3) / 73) * 3 + 16);
  let o = 0;
  let col = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === CR && bytes[i + 1] === LF) continue; // CRLF in the input: the LF writes the line end
    if (b === LF) {
      out[o++] = CR;
      out[o++] = LF;
      col = 0;
      continue;
    }
    const next = bytes[i + 1];
    const atLineEnd = next === undefined || next === LF || (next === CR && bytes[i + 2] === LF);
    const literal = (b >= 33 && b <= 126 && b !== EQ) || ((b === 32 || b === 9) && !atLineEnd);
    const width = literal ? 1 : 3;
    if (col + width > 75) {
      out[o++] = EQ;
      out[o++] = CR;
      out[o++] = LF;
      col = 0;
    }
    if (literal) out[o++] = b;
    else {
      out[o++] = EQ;
      out[o++] = HEX[b >> 4]!;
      out[o++] = HEX[b & 15]!;
    }
    col += width;
  }
  return out.toString('latin1', 0, o);
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

/** The whole message, CRLF line ends, ready for SMTP DATA (the transport dot-stuffs it). */
export function buildAlternativeMessage(m: MimeMessage): string {
  if (/[^\x20-\x7e]/.test(m.from) || /[^\x20-\x7e]/.test(m.to)) throw new Error('buildAlternativeMessage needs ASCII addresses');
  const boundary = `--pb-${randomBytes(12).toString('hex')}`;
  const date = (m.date ?? new Date()).toUTCString().replace(/GMT$/, '+0000');
  const head = [
    `From: ${m.from}`,
    `To: ${m.to}`,
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
