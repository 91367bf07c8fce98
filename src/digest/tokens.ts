// Random tokens for mail links (confirm, manage, unsubscribe): the link carries the token, the store only its sha256.
import { createHash, randomBytes } from 'node:crypto';

/** Manage links stay valid for 90 days; unsubscribe links for longer than anyone keeps old mail around. */
export const MANAGE_TOKEN_TTL_MS = 90 * 86_400_000;
export const UNSUBSCRIBE_TOKEN_TTL_MS = 400 * 86_400_000;

export interface IssuedToken {
  /** What goes into the link; never stored. */
  token: string;
  /** What the store keeps. */
  hash: string;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

// Random bytes are drawn 64 tokens at a time: one system call instead of one per token matters
// when a digest run issues two tokens for each of tens of thousands of messages.
let pool = Buffer.alloc(0);
let offset = 0;

/** 256 random bits, URL-safe. */
export function issueToken(): IssuedToken {
  if (offset + 32 > pool.length) {
    pool = randomBytes(32 * 64);
    offset = 0;
  }
  const token = pool.subarray(offset, offset + 32).toString('base64url');
  pool.fill(0, offset, offset + 32); // a used token's bytes do not linger in memory
  offset += 32;
  return { token, hash: hashToken(token) };
}

/** Tokens in URLs are 43 base64url characters; anything else is not worth a database look-up. */
export function looksLikeToken(value: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(value);
}
