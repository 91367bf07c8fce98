// Magic-link sign-in and accounts: request a link, confirm it into a session, create members.
import type { Db } from '../db/db.ts';
import type { Config } from '../config.ts';
import { enqueueMail } from '../mail/outbox.ts';
import { InputError } from '../errors.ts';
import { consumeLoginToken, deleteExpiredLoginTokens, deleteExpiredSessions, insertLoginToken, insertSession } from '../store/auth-tokens.ts';
import { getUserByEmail, insertUser, type Role, type User } from '../store/users.ts';
import { hashSecret, newSecret } from './secrets.ts';

const EMAIL = /^[^\s@<>()",;:\\]+@[^\s@<>()",;:\\]+\.[^\s@<>()",;:\\]+$/;
const NAME = /^[a-z0-9][a-z0-9_-]{1,29}$/;

/** A lowercased email address, or an InputError saying what is wrong with it. */
export function normalizeEmail(input: string): string {
  const email = input.trim().toLowerCase();
  if (email.length > 254 || !EMAIL.test(email)) throw new InputError(`"${input.trim().slice(0, 80)}" is not an email address.`);
  return email;
}

export function checkName(name: string): string {
  if (!NAME.test(name)) throw new InputError(`name must be 2-30 characters of a-z, 0-9, _ and -, starting with a letter or digit; got "${name}"`);
  return name;
}

/**
 * Stores a single-use sign-in link for the address and queues the mail carrying it, in one
 * transaction (the outbox delivers it, retrying temporary failures). The same mail goes to every
 * address, with or without an account (the account is created when the link is first used), so
 * neither the answer nor the work done depends on whether the address is known.
 */
export async function queueSignInLink(db: Db, config: Config, email: string, now = Date.now(), next: string | null = null): Promise<void> {
  const token = newSecret();
  // `next` (a path on this site, checked by the caller) is where the member lands after signing in.
  const link = `${config.publicUrl}/signin/confirm?token=${token}${next ? `&next=${encodeURIComponent(next)}` : ''}`;
  const minutes = Math.round(config.community.loginLinkTtlMs / 60_000);
  const expiresAt = now + config.community.loginLinkTtlMs;
  await deleteExpiredLoginTokens(db, now);
  await db.transaction(async (tx) => {
    await insertLoginToken(tx, { hash: hashSecret(token), email, expiresAt }, now);
    await enqueueMail(tx, config, {
      kind: 'sign-in',
      to: email,
      subject: 'Your Paperboy sign-in link',
      text:
        `Someone (hopefully you) asked to sign in to Paperboy with this address.\n\n` +
        `Open this link within ${minutes} minutes to sign in (it works once):\n\n${link}\n\n` +
        `If this address has no Paperboy account yet, signing in creates one.\n` +
        `If you did not ask for this, ignore this mail.\n`,
      expiresAt,
    }, now);
  });
}

export type SignInResult =
  | { ok: true; user: User; sessionSecret: string }
  | { ok: false; reason: string };

/** Uses a sign-in link once: finds or creates the member and opens a new session (a fresh id). */
export async function confirmSignIn(db: Db, config: Config, token: string, now = Date.now()): Promise<SignInResult> {
  const email = await consumeLoginToken(db, hashSecret(token), now);
  if (!email) return { ok: false, reason: 'This sign-in link has expired or was already used. Ask for a new one.' };
  const user = await findOrCreateUser(db, email, 'member', null, now);
  if (user.bannedAt !== null) return { ok: false, reason: 'This account has been suspended.' };
  const sessionSecret = newSecret();
  await deleteExpiredSessions(db, now);
  await insertSession(db, { hash: hashSecret(sessionSecret), userId: user.id, expiresAt: now + config.community.sessionTtlMs }, now);
  return { ok: true, user, sessionSecret };
}

/** The member with this email, created (with a handle derived from the address) when absent. */
export async function findOrCreateUser(db: Db, email: string, role: Role, name: string | null, now = Date.now()): Promise<User> {
  const existing = await getUserByEmail(db, email);
  if (existing) return existing;
  const base = name ?? handleFromEmail(email);
  for (let i = 1; i < 50; i++) {
    const candidate = i === 1 ? base : `${base.slice(0, 26)}-${i}`;
    const created = await insertUser(db, { email, name: candidate, role }, now);
    if (created) return created;
    // The insert lost to a concurrent sign-in of the same address, or the name is taken.
    const raced = await getUserByEmail(db, email);
    if (raced) return raced;
    if (name) throw new InputError(`the name "${name}" is taken`);
  }
  throw new Error(`could not find a free name for ${email}`);
}

/** `Jane.Doe+x@uni.edu` → `jane-doe-x`: a readable default handle the member may keep. */
export function handleFromEmail(email: string): string {
  const local = email.split('@')[0] ?? '';
  const handle = local.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^[-_]+|[-_]+$/g, '').slice(0, 30);
  return handle.length >= 2 ? handle : `member-${handle || 'x'}`;
}
