// What members do to papers: vote, submit, comment; each returns a result or a one-sentence refusal.
import type { Db } from '../db/db.ts';
import type { Config } from '../config.ts';
import type { Role } from '../store/users.ts';
import { setVote } from '../store/votes.ts';
import { getPaperCommunityFacts } from '../store/paper-community.ts';
import { countSubmissionsOnDay, insertSubmission } from '../store/submissions.ts';
import { getComment, insertComment, updateOwnComment, deleteOwnComment } from '../store/comments.ts';
import { refuseSubmission } from './submission-rules.ts';
import { dayOf } from '../periods.ts';
import { renderCommentMarkdown, MAX_COMMENT_LENGTH } from './markdown.ts';
import type { CommunityHooks } from './hooks.ts';

/**
 * Why an action was refused: `missing` (no such thing), `forbidden` (not yours), `invalid` (fix
 * the input), `unavailable` (a service we depend on did not answer; try again later).
 */
export type Refusal = { ok: false; kind: 'missing' | 'forbidden' | 'invalid' | 'unavailable'; reason: string };
export type Outcome<T> = ({ ok: true } & T) | Refusal;

const refuse = (kind: Refusal['kind'], reason: string): Refusal => ({ ok: false, kind, reason });

export interface Actor {
  id: number;
  name: string;
  role: Role;
}

export const isCurator = (a: Actor | null): boolean => a?.role === 'curator' || a?.role === 'admin';

/** Sets or clears an upvote; `upvotes` is what pages show (Hugging Face upvotes + ours). */
export async function voteOnPaper(
  db: Db,
  hooks: CommunityHooks,
  actor: Actor,
  paperId: string,
  on: boolean,
): Promise<Outcome<{ upvotes: number; upvoted: boolean; changed: boolean }>> {
  const facts = await getPaperCommunityFacts(db, paperId);
  if (!facts || facts.hiddenAt !== null) return refuse('missing', `There is no paper ${paperId}.`);
  const now = Date.now();
  const onChange = hooks.voteChanged ? (tx: Db, delta: 1 | -1) => hooks.voteChanged!(tx, paperId, delta, now) : undefined;
  const result = await setVote(db, actor.id, paperId, on, now, onChange);
  if (result.changed && hooks.paperVoted) {
    await hooks.paperVoted(db, paperId, now).catch((err) => console.error(`trending update for ${paperId} failed:`, err));
  }
  return { ok: true, upvotes: facts.hfUpvotes + result.communityUpvotes, upvoted: on, changed: result.changed };
}

/**
 * Submits a catalog paper to Daily Papers for today (curators may pick another day). Papers not
 * in the catalog are refused until an arXiv fetcher is wired in (`fetchMissing`).
 */
export async function submitPaper(
  db: Db,
  config: Config,
  actor: Actor,
  paperId: string,
  opts: { day?: string; now?: number; fetchMissing?: (id: string) => Promise<boolean> } = {},
): Promise<Outcome<{ day: string }>> {
  const now = opts.now ?? Date.now();
  // Daily Papers days are UTC days.
  const today = dayOf(now);
  const curator = isCurator(actor);
  const day = curator && opts.day ? opts.day : today;
  let facts = await getPaperCommunityFacts(db, paperId);
  if (!facts && opts.fetchMissing) {
    let fetched: boolean;
    try {
      fetched = await opts.fetchMissing(paperId);
    } catch (err) {
      console.error(`looking up ${paperId} on arXiv failed:`, (err as Error).message);
      return refuse('unavailable', `arXiv could not be reached to look up ${paperId}; please try again in a few minutes.`);
    }
    if (fetched) facts = await getPaperCommunityFacts(db, paperId);
  }
  const reason = refuseSubmission({
    paperId,
    paper: facts,
    isCurator: curator,
    submittedToday: curator ? 0 : await countSubmissionsOnDay(db, actor.id, today),
    now,
    windowDays: config.community.submissionWindowDays,
    perDay: config.community.submissionsPerDay,
  });
  if (reason) return refuse(facts ? 'invalid' : 'missing', reason);
  const won = await insertSubmission(db, { paperId, userId: actor.id, userName: actor.name, day }, now);
  if (!won) return refuse('invalid', `arXiv paper ${paperId} is already on Daily Papers.`);
  return { ok: true, day };
}

function checkBody(body: string): string | null {
  if (body.trim() === '') return 'A comment cannot be empty.';
  if (body.length > MAX_COMMENT_LENGTH) return `A comment can be at most ${MAX_COMMENT_LENGTH} characters long.`;
  return null;
}

export async function postComment(
  db: Db,
  actor: Actor,
  paperId: string,
  body: string,
  parentId: number | null,
): Promise<Outcome<{ id: number }>> {
  const facts = await getPaperCommunityFacts(db, paperId);
  if (!facts || facts.hiddenAt !== null) return refuse('missing', `There is no paper ${paperId}.`);
  const bad = checkBody(body);
  if (bad) return refuse('invalid', bad);
  if (parentId !== null) {
    const parent = await getComment(db, parentId);
    if (!parent || parent.paperId !== paperId) return refuse('invalid', 'The comment you replied to does not exist on this paper.');
  }
  const id = await insertComment(db, { paperId, userId: actor.id, parentId, body, html: renderCommentMarkdown(body) });
  return { ok: true, id };
}

export async function editComment(db: Db, actor: Actor, id: number, body: string): Promise<Outcome<{ paperId: string }>> {
  const comment = await getComment(db, id);
  if (!comment || comment.deletedAt !== null) return refuse('missing', 'That comment does not exist.');
  if (comment.userId !== actor.id) return refuse('forbidden', 'You can only edit your own comments.');
  const bad = checkBody(body);
  if (bad) return refuse('invalid', bad);
  await updateOwnComment(db, { id, userId: actor.id, body, html: renderCommentMarkdown(body) });
  return { ok: true, paperId: comment.paperId };
}

export async function deleteComment(db: Db, actor: Actor, id: number): Promise<Outcome<{ paperId: string }>> {
  const comment = await getComment(db, id);
  if (!comment || comment.deletedAt !== null) return refuse('missing', 'That comment does not exist.');
  if (comment.userId !== actor.id) return refuse('forbidden', 'You can only delete your own comments.');
  await deleteOwnComment(db, id, actor.id);
  return { ok: true, paperId: comment.paperId };
}
