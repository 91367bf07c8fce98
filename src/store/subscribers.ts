// SQL for digest subscribers: subscriptions, their hashed mail tokens, and the suppression list.
import { sql, join, type Db } from '../db/db.ts';
import type { DigestPeriod, Subscriber, SubscriberState, Topics } from '../model.ts';

/** The stored JSON text back into Topics; anything unreadable counts as "no topics". */
function topicsFromJson(text: string): Topics {
  try {
    const o = JSON.parse(text) as Partial<Topics>;
    return { categories: o.categories ?? [], keywords: o.keywords ?? [], query: o.query ?? null };
  } catch {
    return { categories: [], keywords: [], query: null };
  }
}

export interface SubscriberRow {
  id: number;
  email: string;
  state: SubscriberState;
  frequency: DigestPeriod;
  weekday: number | null;
  topics: string;
  last_mailed_at: number | null;
  created_at: number;
  confirmed_at: number | null;
}

export function rowToSubscriber(r: SubscriberRow): Subscriber {
  return {
    id: Number(r.id),
    email: r.email,
    state: r.state,
    frequency: r.frequency,
    weekday: r.weekday === null ? null : Number(r.weekday),
    topics: topicsFromJson(r.topics),
    createdAt: Number(r.created_at),
    confirmedAt: r.confirmed_at === null ? null : Number(r.confirmed_at),
  };
}

export interface Preferences {
  frequency: DigestPeriod;
  weekday: number | null;
  topics: Topics;
}

export async function getSubscriberByEmail(db: Db, email: string): Promise<Subscriber | null> {
  const row = await db.get<SubscriberRow>(sql`SELECT * FROM subscribers WHERE email = ${email}`);
  return row ? rowToSubscriber(row) : null;
}

export async function getSubscriber(db: Db, id: number): Promise<Subscriber | null> {
  const row = await db.get<SubscriberRow>(sql`SELECT * FROM subscribers WHERE id = ${id}`);
  return row ? rowToSubscriber(row) : null;
}

/** Subscribers by id with whether their address is suppressed, for one outbox batch. */
export async function listSubscribersForSending(db: Db, ids: readonly number[]): Promise<(Subscriber & { suppressed: boolean })[]> {
  if (ids.length === 0) return [];
  const rows = await db.all<SubscriberRow & { suppressed: number }>(sql`
    SELECT s.*, CASE WHEN m.email IS NULL THEN 0 ELSE 1 END AS suppressed
    FROM subscribers s LEFT JOIN mail_suppressions m ON m.email = s.email
    WHERE s.id IN (${join(ids)})`);
  return rows.map((r) => ({ ...rowToSubscriber(r), suppressed: Number(r.suppressed) === 1 }));
}

/** A new pending subscriber; undefined when the address already exists (a concurrent request won). */
export async function insertPendingSubscriber(db: Db, email: string, p: Preferences, now: number): Promise<number | undefined> {
  const row = await db.get<{ id: number }>(sql`
    INSERT INTO subscribers (email, state, frequency, weekday, topics, created_at, updated_at)
    VALUES (${email}, 'pending', ${p.frequency}, ${p.weekday}, ${JSON.stringify(p.topics)}, ${now}, ${now})
    ON CONFLICT (email) DO NOTHING
    RETURNING id`);
  return row ? Number(row.id) : undefined;
}

export async function updateSubscriberPreferences(db: Db, id: number, p: Preferences, now: number): Promise<void> {
  await db.run(sql`
    UPDATE subscribers SET frequency = ${p.frequency}, weekday = ${p.weekday}, topics = ${JSON.stringify(p.topics)}, updated_at = ${now}
    WHERE id = ${id}`);
}

/** Back to pending with new preferences: a former subscriber must confirm again before any digest. */
export async function resetSubscriberToPending(db: Db, id: number, p: Preferences, now: number): Promise<void> {
  await db.run(sql`
    UPDATE subscribers SET state = 'pending', frequency = ${p.frequency}, weekday = ${p.weekday},
      topics = ${JSON.stringify(p.topics)}, updated_at = ${now}
    WHERE id = ${id} AND state = 'unsubscribed'`);
}

export async function confirmSubscriber(db: Db, id: number, now: number): Promise<void> {
  await db.run(sql`
    UPDATE subscribers SET state = 'confirmed', confirmed_at = ${now}, unsubscribed_at = NULL, updated_at = ${now}
    WHERE id = ${id}`);
}

export async function unsubscribeSubscriber(db: Db, id: number, now: number): Promise<void> {
  await db.run(sql`
    UPDATE subscribers SET state = 'unsubscribed', unsubscribed_at = ${now}, updated_at = ${now}
    WHERE id = ${id} AND state <> 'unsubscribed'`);
}

/**
 * Takes the address's mail slot: true (and stamps the time) when no confirmation mail went to it
 * in the last `gapMs`. One atomic statement, so two racing requests cannot both mail.
 */
export async function takeSubscriberMailSlot(db: Db, id: number, now: number, gapMs: number): Promise<boolean> {
  const changed = await db.run(sql`
    UPDATE subscribers SET last_mailed_at = ${now}
    WHERE id = ${id} AND (last_mailed_at IS NULL OR last_mailed_at <= ${now - gapMs})`);
  return changed > 0;
}

export interface TokenRow {
  hash: string;
  subscriberId: number;
  purpose: 'confirm' | 'manage' | 'unsubscribe';
  expiresAt: number;
}

export async function insertSubscriberTokens(db: Db, tokens: readonly TokenRow[], now: number): Promise<void> {
  if (tokens.length === 0) return;
  const values = tokens.map((t) => sql`(${t.hash}, ${t.subscriberId}, ${t.purpose}, ${now}, ${t.expiresAt})`);
  await db.run(sql`INSERT INTO subscriber_tokens (token_hash, subscriber_id, purpose, created_at, expires_at) VALUES ${join(values)}`);
}

/** The live token with this hash and purpose: its subscriber id and whether it was used. */
export async function findSubscriberToken(
  db: Db,
  hash: string,
  purpose: TokenRow['purpose'],
  now: number,
): Promise<{ subscriberId: number; used: boolean } | null> {
  const row = await db.get<{ subscriber_id: number; used_at: number | null }>(sql`
    SELECT subscriber_id, used_at FROM subscriber_tokens
    WHERE token_hash = ${hash} AND purpose = ${purpose} AND expires_at > ${now}`);
  return row ? { subscriberId: Number(row.subscriber_id), used: row.used_at !== null } : null;
}

/** Marks a token used; true only for the one caller that found it unused (two racing clicks: one wins). */
export async function markSubscriberTokenUsed(db: Db, hash: string, now: number): Promise<boolean> {
  return (await db.run(sql`UPDATE subscriber_tokens SET used_at = ${now} WHERE token_hash = ${hash} AND used_at IS NULL`)) > 0;
}

/** Uses up every outstanding token of one purpose for a subscriber (old confirmation links after a confirm or unsubscribe). */
export async function revokeSubscriberTokens(db: Db, subscriberId: number, purpose: TokenRow['purpose'], now: number): Promise<number> {
  return db.run(sql`
    UPDATE subscriber_tokens SET used_at = ${now}
    WHERE subscriber_id = ${subscriberId} AND purpose = ${purpose} AND used_at IS NULL`);
}

export async function deleteExpiredSubscriberTokens(db: Db, now: number): Promise<number> {
  return db.run(sql`DELETE FROM subscriber_tokens WHERE expires_at <= ${now}`);
}

export async function countSubscribersByState(db: Db): Promise<{ state: string; frequency: string; count: number }[]> {
  const rows = await db.all<{ state: string; frequency: string; count: number }>(sql`
    SELECT state, frequency, COUNT(*) AS count FROM subscribers GROUP BY state, frequency ORDER BY state, frequency`);
  return rows.map((r) => ({ ...r, count: Number(r.count) }));
}

export async function insertSuppression(db: Db, email: string, reason: string, smtpCode: number | null, now: number): Promise<void> {
  await db.run(sql`
    INSERT INTO mail_suppressions (email, reason, smtp_code, created_at) VALUES (${email}, ${reason}, ${smtpCode}, ${now})
    ON CONFLICT (email) DO NOTHING`);
}

export async function isSuppressed(db: Db, email: string): Promise<boolean> {
  return (await db.get(sql`SELECT 1 AS x FROM mail_suppressions WHERE email = ${email}`)) !== undefined;
}

export interface SuppressionRow {
  email: string;
  reason: string;
  smtp_code: number | null;
  created_at: number;
}

export async function listSuppressions(db: Db, limit: number): Promise<SuppressionRow[]> {
  return db.all<SuppressionRow>(sql`SELECT email, reason, smtp_code, created_at FROM mail_suppressions ORDER BY created_at DESC, email LIMIT ${limit}`);
}

export async function countSuppressions(db: Db): Promise<number> {
  const row = await db.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM mail_suppressions`);
  return Number(row?.n ?? 0);
}
