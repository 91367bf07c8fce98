// Curator and admin actions, each recorded in the audit log in the same transaction as the change.
import type { Db } from '../db/db.ts';
import { setPaperHidden, upsertLinkOverride, getPaperCommunityFacts } from '../store/paper-community.ts';
import { getComment, setCommentHidden } from '../store/comments.ts';
import { getUserByName, setUserBanned } from '../store/users.ts';
import { deleteUserSessions } from '../store/auth-tokens.ts';
import {
  approveAuthorshipClaim,
  getClaimStatus,
  insertAuditEntry,
  insertAuthorshipClaim,
} from '../store/moderation.ts';
import { isCurator, type Actor, type Outcome } from './actions.ts';

const forbidden = (reason: string) => ({ ok: false as const, kind: 'forbidden' as const, reason });
const missing = (reason: string) => ({ ok: false as const, kind: 'missing' as const, reason });
const invalid = (reason: string) => ({ ok: false as const, kind: 'invalid' as const, reason });

export async function hidePaper(db: Db, actor: Actor, paperId: string, hidden: boolean, reason: string | null): Promise<Outcome<object>> {
  if (!isCurator(actor)) return forbidden('Only curators can hide papers.');
  return db.transaction(async (tx) => {
    if (!(await setPaperHidden(tx, paperId, hidden ? Date.now() : null))) return missing(`There is no paper ${paperId}.`);
    await insertAuditEntry(tx, { actorId: actor.id, action: hidden ? 'hide-paper' : 'unhide-paper', target: `paper:${paperId}`, reason });
    return { ok: true as const };
  });
}

export async function hideComment(db: Db, actor: Actor, id: number, hidden: boolean, reason: string | null): Promise<Outcome<{ paperId: string }>> {
  if (!isCurator(actor)) return forbidden('Only curators can hide comments.');
  const comment = await getComment(db, id);
  if (!comment) return missing('That comment does not exist.');
  return db.transaction(async (tx) => {
    await setCommentHidden(tx, id, hidden ? Date.now() : null);
    await insertAuditEntry(tx, { actorId: actor.id, action: hidden ? 'hide-comment' : 'unhide-comment', target: `comment:${id}`, reason });
    return { ok: true as const, paperId: comment.paperId };
  });
}

/** Bans a member (admins only): their sessions end at once and tokens stop working. */
export async function banMember(db: Db, actor: Actor, name: string, banned: boolean, reason: string | null): Promise<Outcome<object>> {
  if (actor.role !== 'admin') return forbidden('Only admins can ban members.');
  const user = await getUserByName(db, name);
  if (!user) return missing(`There is no member named ${name}.`);
  if (user.id === actor.id) return invalid('You cannot ban yourself.');
  return db.transaction(async (tx) => {
    await setUserBanned(tx, user.id, banned ? Date.now() : null);
    if (banned) await deleteUserSessions(tx, user.id);
    await insertAuditEntry(tx, { actorId: actor.id, action: banned ? 'ban' : 'unban', target: `user:${name}`, reason });
    return { ok: true as const };
  });
}

export async function claimAuthorship(db: Db, actor: Actor, paperId: string): Promise<Outcome<object>> {
  if (!(await getPaperCommunityFacts(db, paperId))) return missing(`There is no paper ${paperId}.`);
  await insertAuthorshipClaim(db, paperId, actor.id);
  return { ok: true };
}

export async function approveClaim(db: Db, actor: Actor, paperId: string, memberName: string): Promise<Outcome<object>> {
  if (actor.role !== 'admin') return forbidden('Only admins can approve authorship claims.');
  const user = await getUserByName(db, memberName);
  if (!user) return missing(`There is no member named ${memberName}.`);
  return db.transaction(async (tx) => {
    if (!(await approveAuthorshipClaim(tx, paperId, user.id, actor.id))) return missing('There is no pending claim to approve.');
    await insertAuditEntry(tx, { actorId: actor.id, action: 'approve-authorship', target: `paper:${paperId} user:${memberName}`, reason: null });
    return { ok: true as const };
  });
}

function checkUrl(url: string, what: string): string | null {
  if (url === '') return null;
  try {
    const u = new URL(url);
    if (u.protocol === 'https:' || u.protocol === 'http:') return null;
  } catch {
    // fall through
  }
  return `The ${what} must be an http(s) URL.`;
}

/** An approved author or a curator sets the code repository and project page, replacing extracted links. */
export async function setPaperLinks(db: Db, actor: Actor, paperId: string, codeUrl: string, projectUrl: string): Promise<Outcome<object>> {
  if (!(await getPaperCommunityFacts(db, paperId))) return missing(`There is no paper ${paperId}.`);
  if (!isCurator(actor) && (await getClaimStatus(db, paperId, actor.id)) !== 'approved') {
    return forbidden("Only the paper's approved authors and curators can change its links.");
  }
  const bad = checkUrl(codeUrl.trim(), 'code repository link') ?? checkUrl(projectUrl.trim(), 'project page link');
  if (bad) return invalid(bad);
  return db.transaction(async (tx) => {
    await upsertLinkOverride(tx, { paperId, codeUrl: codeUrl.trim() || null, projectUrl: projectUrl.trim() || null, setBy: actor.id });
    await insertAuditEntry(tx, { actorId: actor.id, action: 'set-links', target: `paper:${paperId}`, reason: null });
    return { ok: true as const };
  });
}
