// Random secrets handed to people (login links, session cookies, API tokens) and their stored hashes.
import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits, URL-safe. */
export function newSecret(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url');
}

/** What the database keeps instead of the secret: a leaked table does not let anyone sign in. */
/** API tokens carry a prefix so they are recognisable in logs and secret scanners. */
export function newApiToken(): string {
  return newSecret('pbt_');
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
