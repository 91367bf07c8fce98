// SQL for the parts of a page that belong to the signed-in member: their votes, saves and
// authorship claims on the papers shown and, on a paper page, their library (collections, where
// that paper is saved, follows). One statement: on PostgreSQL every statement is a round trip and
// a wait for a pooled connection, and a member's cached page needs nothing else from the database
// (web/components/paper-community-slots.tsx). Each branch of the UNION uses the same indexes as the
// single-purpose functions in votes.ts, collections.ts, moderation.ts and follows.ts.
import { sql, join, type Db } from '../db/db.ts';
import type { Collection, CollectionEntry } from './collections.ts';
import type { Follow, FollowKind } from './follows.ts';
import type { ClaimStatus } from './moderation.ts';
import { NULL_NUMBER as N, NULL_TEXT as T } from './union-nulls.ts';

export interface MemberMarksWanted {
  /** Papers whose upvote state is shown. */
  voted: readonly string[];
  /** Papers whose save state is shown. */
  saved: readonly string[];
  /** Papers whose authorship claim state is shown. */
  claims: readonly string[];
  /** The paper whose library block is shown (a paper page), if any. */
  library: string | null;
}

export interface MemberLibrary {
  /** As listUserCollections: newest change first. */
  collections: Collection[];
  /** As listPaperSaves: the member's saves of the library paper, oldest first. */
  saves: { collectionId: number; entry: CollectionEntry }[];
  /** As listFollows. */
  follows: Follow[];
}

export interface MemberMarks {
  voted: Set<string>;
  saved: Set<string>;
  claims: Map<string, ClaimStatus>;
  library: MemberLibrary | null;
}

/** One row of the UNION: what `kind` says is in which column. */
interface MarkRow {
  kind: 'vote' | 'save' | 'claim' | 'collection' | 'paper_save' | 'follow';
  paper_id: string | null;
  n1: number | string | null;
  n2: number | string | null;
  n3: number | string | null;
  n4: number | string | null;
  n5: number | string | null;
  t1: string | null;
  t2: string | null;
}

export async function loadMemberMarks(db: Db, userId: number, owner: string, want: MemberMarksWanted): Promise<MemberMarks> {
  const marks: MemberMarks = { voted: new Set(), saved: new Set(), claims: new Map(), library: null };
  const parts = [];
  if (want.voted.length) {
    parts.push(sql`SELECT 'vote' AS kind, paper_id, ${N} AS n1, ${N} AS n2, ${N} AS n3, ${N} AS n4, ${N} AS n5, ${T} AS t1, ${T} AS t2
      FROM votes WHERE user_id = ${userId} AND paper_id IN (${join([...want.voted])})`);
  }
  if (want.saved.length) {
    parts.push(sql`SELECT DISTINCT 'save', cp.paper_id, ${N}, ${N}, ${N}, ${N}, ${N}, ${T}, ${T}
      FROM collection_papers cp JOIN collections c ON c.id = cp.collection_id
      WHERE c.user_id = ${userId} AND cp.paper_id IN (${join([...want.saved])})`);
  }
  if (want.claims.length) {
    parts.push(sql`SELECT 'claim', paper_id, ${N}, ${N}, ${N}, ${N}, ${N}, status, ${T}
      FROM authorship_claims WHERE user_id = ${userId} AND paper_id IN (${join([...want.claims])})`);
  }
  if (want.library !== null) {
    parts.push(sql`SELECT 'collection', ${T}, c.id, c.is_public, c.created_at, c.updated_at,
        (SELECT COUNT(*) FROM collection_papers cp WHERE cp.collection_id = c.id), c.name, c.description
      FROM collections c WHERE c.user_id = ${userId}`);
    parts.push(sql`SELECT 'paper_save', cp.paper_id, cp.collection_id, cp.added_at, ${N}, ${N}, ${N}, cp.note, ${T}
      FROM collection_papers cp JOIN collections c ON c.id = cp.collection_id
      WHERE c.user_id = ${userId} AND cp.paper_id = ${want.library}`);
    parts.push(sql`SELECT 'follow', ${T}, created_at, ${N}, ${N}, ${N}, ${N}, kind, target FROM follows WHERE user_id = ${userId}`);
    marks.library = { collections: [], saves: [], follows: [] };
  }
  if (parts.length === 0) return marks;
  const rows = await db.all<MarkRow>(join(parts, ' UNION ALL '));
  for (const r of rows) {
    if (r.kind === 'vote') marks.voted.add(r.paper_id!);
    else if (r.kind === 'save') marks.saved.add(r.paper_id!);
    else if (r.kind === 'claim') marks.claims.set(r.paper_id!, r.t1 as ClaimStatus);
    else if (r.kind === 'collection') {
      marks.library!.collections.push({
        id: Number(r.n1),
        userId,
        owner,
        name: r.t1!,
        description: r.t2!,
        isPublic: Number(r.n2) === 1,
        createdAt: Number(r.n3),
        updatedAt: Number(r.n4),
        papers: Number(r.n5),
      });
    } else if (r.kind === 'paper_save') {
      marks.library!.saves.push({ collectionId: Number(r.n1), entry: { paperId: r.paper_id!, note: r.t1!, addedAt: Number(r.n2) } });
    } else marks.library!.follows.push({ kind: r.t1 as FollowKind, target: r.t2!, createdAt: Number(r.n1) });
  }
  // The orders of the single-purpose functions, which a UNION does not keep.
  if (marks.library) {
    marks.library.collections.sort((a, b) => b.updatedAt - a.updatedAt || b.id - a.id);
    marks.library.saves.sort((a, b) => a.entry.addedAt - b.entry.addedAt);
    marks.library.follows.sort((a, b) => cmp(a.kind, b.kind) || a.createdAt - b.createdAt || cmp(a.target, b.target));
  }
  return marks;
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
