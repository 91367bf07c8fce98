// What a member does to their collections, follows and feed, checked: every refusal says what and why.
import type { Db } from '../db/db.ts';
import type { Actor, Outcome, Refusal } from '../community/actions.ts';
import { getPaperCommunityFacts } from '../store/paper-community.ts';
import {
  deleteCollection,
  ensureCollection,
  getCollection,
  insertCollection,
  removePaperFromCollection,
  savePaperToCollection,
  updateCollection,
  type Collection,
} from '../store/collections.ts';
import { deleteFollow, FOLLOW_KINDS, insertFollow, type FollowKind } from '../store/follows.ts';
import { insertFeedback } from '../store/paper-feedback.ts';

const refuse = (kind: Refusal['kind'], reason: string): Refusal => ({ ok: false, kind, reason });

/** Where a quick "save" from a listing goes when the member names no collection. */
export const DEFAULT_COLLECTION = 'Reading list';
export const LIMITS = { name: 80, description: 500, note: 1000, followTarget: 200 };

/** Printable text, trimmed; control characters other than newlines removed. */
function clean(s: string): string {
  return s.replace(/[\u0000-\u0009\u000B-\u001F\u007F]/g, '').trim();
}

function checkName(raw: string): string | Refusal {
  const name = clean(raw).replace(/\s+/g, ' ');
  if (!name) return refuse('invalid', 'A collection needs a name.');
  if (name.length > LIMITS.name) return refuse('invalid', `A collection name is at most ${LIMITS.name} characters (this one has ${name.length}).`);
  return name;
}

export async function createCollection(db: Db, actor: Actor, input: { name: string; description?: string; isPublic: boolean }): Promise<Outcome<{ id: number }>> {
  const name = checkName(input.name);
  if (typeof name !== 'string') return name;
  const description = clean(input.description ?? '');
  if (description.length > LIMITS.description) return refuse('invalid', `A description is at most ${LIMITS.description} characters.`);
  const id = await insertCollection(db, { userId: actor.id, name, description, isPublic: input.isPublic });
  if (id === null) return refuse('invalid', `You already have a collection named "${name}".`);
  return { ok: true, id };
}

export async function editCollection(db: Db, actor: Actor, id: number, input: { name: string; description: string; isPublic: boolean }): Promise<Outcome<{ id: number }>> {
  const own = await ownCollection(db, actor, id);
  if (!own.ok) return own;
  const name = checkName(input.name);
  if (typeof name !== 'string') return name;
  const description = clean(input.description);
  if (description.length > LIMITS.description) return refuse('invalid', `A description is at most ${LIMITS.description} characters.`);
  if (!(await updateCollection(db, actor.id, id, { name, description, isPublic: input.isPublic }))) {
    return refuse('invalid', `You already have a collection named "${name}".`);
  }
  return { ok: true, id };
}

export async function removeCollection(db: Db, actor: Actor, id: number): Promise<Outcome<object>> {
  const own = await ownCollection(db, actor, id);
  if (!own.ok) return own;
  await deleteCollection(db, actor.id, id);
  return { ok: true };
}

/** A collection the actor owns; others' collections are "missing" (private ones must not be probed). */
export async function ownCollection(db: Db, actor: Actor, id: number): Promise<Outcome<{ collection: Collection }>> {
  const c = await getCollection(db, id);
  if (!c || c.userId !== actor.id) return refuse('missing', `You have no collection number ${id}.`);
  return { ok: true, collection: c };
}

/** A collection the viewer may see: public ones, and their own private ones. */
export async function visibleCollection(db: Db, viewerId: number | null, id: number): Promise<Collection | null> {
  const c = await getCollection(db, id);
  return c && (c.isPublic || c.userId === viewerId) ? c : null;
}

async function visiblePaper(db: Db, paperId: string): Promise<Refusal | null> {
  const facts = await getPaperCommunityFacts(db, paperId);
  return !facts || facts.hiddenAt !== null ? refuse('missing', `There is no paper ${paperId}.`) : null;
}

/**
 * Saves a paper: into the collection given by id, or into one named `newName` (created, with the
 * visibility asked for), or into the member's default reading list.
 */
export async function savePaper(
  db: Db,
  actor: Actor,
  paperId: string,
  target: { collectionId?: number; newName?: string; isPublic?: boolean; note?: string },
): Promise<Outcome<{ collectionId: number }>> {
  const missing = await visiblePaper(db, paperId);
  if (missing) return missing;
  const note = clean(target.note ?? '');
  if (note.length > LIMITS.note) return refuse('invalid', `A note is at most ${LIMITS.note} characters (this one has ${note.length}).`);
  let collectionId: number;
  if (target.collectionId !== undefined) {
    const own = await ownCollection(db, actor, target.collectionId);
    if (!own.ok) return own;
    collectionId = target.collectionId;
  } else if (target.newName !== undefined && clean(target.newName) !== '') {
    const name = checkName(target.newName);
    if (typeof name !== 'string') return name;
    const made = await insertCollection(db, { userId: actor.id, name, isPublic: target.isPublic ?? false });
    collectionId = made ?? (await ensureCollection(db, actor.id, name));
  } else {
    collectionId = await ensureCollection(db, actor.id, DEFAULT_COLLECTION);
  }
  await savePaperToCollection(db, collectionId, paperId, note);
  return { ok: true, collectionId };
}

export async function unsavePaper(db: Db, actor: Actor, collectionId: number, paperId: string): Promise<Outcome<{ removed: boolean }>> {
  const own = await ownCollection(db, actor, collectionId);
  if (!own.ok) return own;
  return { ok: true, removed: await removePaperFromCollection(db, collectionId, paperId) };
}

const CATEGORY = /^[A-Za-z-]+(\.[A-Za-z-]+)?$/;

/** Checks and normalises what a member asks to follow. */
async function checkFollow(db: Db, actor: Actor, kind: string, rawTarget: string): Promise<Outcome<{ kind: FollowKind; target: string }>> {
  if (!(FOLLOW_KINDS as readonly string[]).includes(kind)) return refuse('invalid', `"${kind.slice(0, 40)}" cannot be followed: follow an ${FOLLOW_KINDS.join(', ')}.`);
  const target = clean(rawTarget).replace(/\s+/g, ' ');
  if (!target) return refuse('invalid', `Say which ${kind} to follow.`);
  if (target.length > LIMITS.followTarget) return refuse('invalid', `A followed ${kind} is at most ${LIMITS.followTarget} characters.`);
  if (kind === 'category' && !CATEGORY.test(target)) return refuse('invalid', `"${target}" is not an arXiv category such as cs.CL.`);
  if (kind === 'collection') {
    const id = /^\d{1,15}$/.test(target) ? Number(target) : NaN;
    const c = Number.isSafeInteger(id) ? await getCollection(db, id) : null;
    if (!c || !c.isPublic) return refuse('missing', `There is no public collection number ${target}.`);
    if (c.userId === actor.id) return refuse('invalid', 'That collection is your own: its papers are already in your feed.');
  }
  return { ok: true, kind: kind as FollowKind, target };
}

export async function follow(db: Db, actor: Actor, kind: string, target: string): Promise<Outcome<{ kind: FollowKind; target: string }>> {
  const r = await checkFollow(db, actor, kind, target);
  if (!r.ok) return r;
  await insertFollow(db, actor.id, r.kind, r.target);
  return r;
}

export async function unfollow(db: Db, actor: Actor, kind: string, target: string): Promise<Outcome<{ removed: boolean }>> {
  if (!(FOLLOW_KINDS as readonly string[]).includes(kind)) return refuse('invalid', `"${kind.slice(0, 40)}" is not something one follows.`);
  return { ok: true, removed: await deleteFollow(db, actor.id, kind as FollowKind, clean(target).replace(/\s+/g, ' ')) };
}

/** "Not interested": a strong negative at once; the papers shown above it and skipped are weak ones. */
export async function markNotInterested(db: Db, actor: Actor, paperId: string, skipped: readonly string[] = []): Promise<Outcome<object>> {
  const missing = await visiblePaper(db, paperId);
  if (missing) return missing;
  await insertFeedback(db, actor.id, [paperId], 'not_interested');
  await markPassed(db, actor, skipped);
  return { ok: true };
}

/** Papers shown above one the member acted on in their feed, and skipped (at most a page of them). */
export async function markPassed(db: Db, actor: Actor, paperIds: readonly string[]): Promise<void> {
  const ids = paperIds.filter((id) => /^[A-Za-z0-9._/-]{1,64}$/.test(id)).slice(0, 50);
  await insertFeedback(db, actor.id, ids, 'passed');
}
