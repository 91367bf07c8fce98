// Subscription lifecycle: request (double opt-in), confirm, manage, unsubscribe, all through hashed tokens.
import type { Config } from '../config.ts';
import type { Db } from '../db/db.ts';
import type { OutgoingMail } from '../mail/transport.ts';
import { enqueueMail, type MailKind } from '../mail/outbox.ts';
import type { Subscriber } from '../model.ts';
import * as subs from '../store/subscribers.ts';
import type { Preferences } from '../store/subscribers.ts';
import { alreadySubscribedMail, confirmationMail } from './subscription-mail.ts';
import { hashToken, issueToken, looksLikeToken, MANAGE_TOKEN_TTL_MS } from './tokens.ts';

export const CONFIRM_TOKEN_TTL_MS = 7 * 86_400_000;
/** At most one subscription mail per address in this time, whoever asks: no mail-bombing through the form. */
export const MAIL_GAP_MS = 2 * 60_000;

export interface SubscriptionDeps {
  db: Db;
  config: Config;
  /** Told when a mail was queued, so the process's sender delivers it now (mail/outbox.ts). */
  mailQueued?: () => void;
  now?: () => number;
}

/**
 * Records a subscription request and queues a mail to the address: a confirmation link for a new,
 * pending or former subscriber, a "manage preferences" link for a confirmed one (whose preferences
 * are not touched: only the mailbox owner may change them). The caller answers the same in every
 * case. The mail goes into the outbox in the transaction that stores its token, so a request that
 * got an answer always gets its mail, whatever the SMTP server says at first (greylisting).
 */
export async function requestSubscription(deps: SubscriptionDeps, email: string, prefs: Preferences): Promise<void> {
  const { config } = deps;
  const now = (deps.now ?? Date.now)();
  const queued = await deps.db.transaction(async (db) => {
    let sub = await subs.getSubscriberByEmail(db, email);
    if (!sub) {
      await subs.insertPendingSubscriber(db, email, prefs, now);
      sub = (await subs.getSubscriberByEmail(db, email))!;
    } else if (sub.state === 'pending') {
      await subs.updateSubscriberPreferences(db, sub.id, prefs, now);
    } else if (sub.state === 'unsubscribed') {
      await subs.resetSubscriberToPending(db, sub.id, prefs, now);
    }
    if (!(await subs.takeSubscriberMailSlot(db, sub.id, now, MAIL_GAP_MS))) return false;
    let mail: OutgoingMail;
    let kind: MailKind;
    let expiresAt: number;
    if (sub.state === 'confirmed') {
      mail = alreadySubscribedMail(email, await issueManageUrl({ db, config }, sub.id, now), config.publicUrl);
      kind = 'already-subscribed';
      expiresAt = now + MANAGE_TOKEN_TTL_MS;
    } else {
      const t = issueToken();
      await subs.insertSubscriberTokens(db, [{ hash: t.hash, subscriberId: sub.id, purpose: 'confirm', expiresAt: now + CONFIRM_TOKEN_TTL_MS }], now);
      mail = confirmationMail(email, `${config.publicUrl}/subscribe/confirm/${t.token}`, config.publicUrl);
      kind = 'confirm-subscription';
      expiresAt = now + CONFIRM_TOKEN_TTL_MS;
    }
    await enqueueMail(db, config, { kind, to: email, subject: mail.subject, text: mail.text, html: mail.html ?? null, expiresAt }, now);
    return true;
  });
  if (queued) deps.mailQueued?.();
}

/** A fresh manage-preferences link for a subscriber (the stored hash cannot be turned back into a link). */
export async function issueManageUrl(deps: Pick<SubscriptionDeps, 'db' | 'config'>, subscriberId: number, now: number): Promise<string> {
  const t = issueToken();
  await subs.insertSubscriberTokens(deps.db, [{ hash: t.hash, subscriberId, purpose: 'manage', expiresAt: now + MANAGE_TOKEN_TTL_MS }], now);
  return `${deps.config.publicUrl}/subscription/${t.token}`;
}

/**
 * The subscriber a live token of this purpose belongs to, or null (unknown, expired, malformed, or
 * a confirmation link already used: those work once, while manage and unsubscribe links stay valid).
 */
export async function subscriberForToken(
  db: Db,
  token: string,
  purpose: 'confirm' | 'manage' | 'unsubscribe',
  now: number,
): Promise<Subscriber | null> {
  if (!looksLikeToken(token)) return null;
  const found = await subs.findSubscriberToken(db, hashToken(token), purpose, now);
  if (!found || (purpose === 'confirm' && found.used)) return null;
  return subs.getSubscriber(db, found.subscriberId);
}

/** Confirms the subscription a confirmation token names; returns a manage link, or null for a bad token. */
export async function confirmSubscription(deps: SubscriptionDeps, token: string): Promise<{ subscriber: Subscriber; manageUrl: string } | null> {
  const now = (deps.now ?? Date.now)();
  return deps.db.transaction(async (tx) => {
    const sub = await subscriberForToken(tx, token, 'confirm', now);
    // Claiming the token is the guard: a second click (or a racing one) finds it used and gets no new manage link.
    if (!sub || !(await subs.markSubscriberTokenUsed(tx, hashToken(token), now))) return null;
    if (sub.state !== 'confirmed') await subs.confirmSubscriber(tx, sub.id, now);
    // Older confirmation links (the address asked twice) have nothing left to do.
    await subs.revokeSubscriberTokens(tx, sub.id, 'confirm', now);
    const manageUrl = await issueManageUrl({ db: tx, config: deps.config }, sub.id, now);
    return { subscriber: { ...sub, state: 'confirmed' as const }, manageUrl };
  });
}

/** Unsubscribes with an unsubscribe or manage token; idempotent. Null for a bad token. */
export async function unsubscribeWithToken(deps: Pick<SubscriptionDeps, 'db' | 'now'>, token: string): Promise<Subscriber | null> {
  const now = (deps.now ?? Date.now)();
  const sub = (await subscriberForToken(deps.db, token, 'unsubscribe', now)) ?? (await subscriberForToken(deps.db, token, 'manage', now));
  if (!sub) return null;
  await deps.db.transaction(async (tx) => {
    await subs.unsubscribeSubscriber(tx, sub.id, now);
    // A confirmation link still in the inbox must not subscribe the address again: only a new request (a fresh link) can.
    await subs.revokeSubscriberTokens(tx, sub.id, 'confirm', now);
  });
  return { ...sub, state: 'unsubscribed' };
}

/** Changes preferences with a manage token; a former subscriber who saves preferences is subscribed again (the token proves the mailbox). */
export async function updatePreferencesWithToken(deps: Pick<SubscriptionDeps, 'db' | 'now'>, token: string, prefs: Preferences): Promise<Subscriber | null> {
  const now = (deps.now ?? Date.now)();
  const sub = await subscriberForToken(deps.db, token, 'manage', now);
  if (!sub) return null;
  await subs.updateSubscriberPreferences(deps.db, sub.id, prefs, now);
  if (sub.state !== 'confirmed') await subs.confirmSubscriber(deps.db, sub.id, now);
  return subs.getSubscriber(deps.db, sub.id);
}
