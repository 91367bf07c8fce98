// SQL for comments: threaded by parent_id, stored with their sanitised HTML rendering.
import { sql, type Db } from '../db/db.ts';

export interface Comment {
  id: number;
  paperId: string;
  userId: number;
  userName: string;
  parentId: number | null;
  body: string;
  /** Rendered and sanitised at write time (see community/markdown.ts). */
  html: string;
  createdAt: number;
  editedAt: number | null;
  deletedAt: number | null;
  hiddenAt: number | null;
}

export interface CommentRow {
  id: number;
  paper_id: string;
  user_id: number;
  name: string;
  parent_id: number | null;
  body: string;
  html: string;
  created_at: number;
  edited_at: number | null;
  deleted_at: number | null;
  hidden_at: number | null;
}

export const toComment = (r: CommentRow): Comment => ({
  id: Number(r.id),
  paperId: r.paper_id,
  userId: Number(r.user_id),
  userName: r.name,
  parentId: r.parent_id === null ? null : Number(r.parent_id),
  body: r.body,
  html: r.html,
  createdAt: r.created_at,
  editedAt: r.edited_at,
  deletedAt: r.deleted_at,
  hiddenAt: r.hidden_at,
});

export async function insertComment(
  db: Db,
  c: { paperId: string; userId: number; parentId: number | null; body: string; html: string },
  now = Date.now(),
): Promise<number> {
  const row = await db.get<{ id: number }>(sql`INSERT INTO comments (paper_id, user_id, parent_id, body, html, created_at)
    VALUES (${c.paperId}, ${c.userId}, ${c.parentId}, ${c.body}, ${c.html}, ${now}) RETURNING id`);
  return Number(row!.id);
}

export async function getComment(db: Db, id: number): Promise<Comment | null> {
  const row = await db.get<CommentRow>(sql`SELECT c.id, c.paper_id, c.user_id, u.name, c.parent_id, c.body, c.html, c.created_at,
    c.edited_at, c.deleted_at, c.hidden_at FROM comments c JOIN users u ON u.id = c.user_id WHERE c.id = ${id}`);
  return row ? toComment(row) : null;
}

/** Every comment of a paper in posting order; the page builds the tree and blanks deleted/hidden ones. */
export async function listPaperComments(db: Db, paperId: string): Promise<Comment[]> {
  const rows = await db.all<CommentRow>(sql`SELECT c.id, c.paper_id, c.user_id, u.name, c.parent_id, c.body, c.html, c.created_at,
    c.edited_at, c.deleted_at, c.hidden_at FROM comments c JOIN users u ON u.id = c.user_id WHERE c.paper_id = ${paperId} ORDER BY c.id`);
  return rows.map(toComment);
}

/** Edits a comment if `userId` wrote it and it is not deleted; false otherwise. */
export async function updateOwnComment(db: Db, c: { id: number; userId: number; body: string; html: string }, now = Date.now()): Promise<boolean> {
  return (await db.run(sql`UPDATE comments SET body = ${c.body}, html = ${c.html}, edited_at = ${now}
    WHERE id = ${c.id} AND user_id = ${c.userId} AND deleted_at IS NULL`)) > 0;
}

/** Soft-deletes a member's own comment: replies stay attached to a "[deleted]" placeholder. */
export async function deleteOwnComment(db: Db, id: number, userId: number, now = Date.now()): Promise<boolean> {
  return (await db.run(sql`UPDATE comments SET deleted_at = ${now}, body = '', html = ''
    WHERE id = ${id} AND user_id = ${userId} AND deleted_at IS NULL`)) > 0;
}

export async function setCommentHidden(db: Db, id: number, hiddenAt: number | null): Promise<boolean> {
  return (await db.run(sql`UPDATE comments SET hidden_at = ${hiddenAt} WHERE id = ${id}`)) > 0;
}
