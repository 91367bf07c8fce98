// Threaded comments with reply/edit/delete/hide forms; comment HTML was sanitised when it was written.
import { raw } from 'hono/html';
import type { Viewer } from '../context.ts';
import type { Comment } from '../../store/comments.ts';

const MAX_DEPTH = 8;
const when = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

interface ThreadProps {
  paperId: string;
  comments: Comment[];
  viewer: Viewer | null;
  csrfToken: string;
}

function CommentForm(props: { paperId: string; csrfToken: string; parentId?: number; label: string }) {
  const id = `comment-body-${props.parentId ?? 'new'}`;
  return (
    <form method="post" action={`/papers/${props.paperId}/comments`} class="comment-form">
      <input type="hidden" name="_csrf" value={props.csrfToken} />
      {props.parentId ? <input type="hidden" name="parent" value={String(props.parentId)} /> : null}
      <label for={id} class="visually-hidden">{props.label}</label>
      <textarea id={id} name="body" rows={props.parentId ? 3 : 4} required maxlength={10000} placeholder="Markdown: *emphasis*, `code`, [links](https://…)"></textarea>
      <button type="submit">{props.label}</button>
    </form>
  );
}

function CommentItem(props: ThreadProps & { comment: Comment; children: Map<number | null, Comment[]>; depth: number }) {
  const { comment: c, viewer, csrfToken } = props;
  const curator = viewer?.role === 'curator' || viewer?.role === 'admin';
  const own = viewer?.id === c.userId;
  const replies = props.children.get(c.id) ?? [];
  let content;
  if (c.deletedAt !== null) content = <p class="muted">[deleted]</p>;
  else if (c.hiddenAt !== null && !curator) content = <p class="muted">[hidden by a moderator]</p>;
  else content = <div class="comment-body">{raw(c.html)}</div>;
  return (
    <li id={`comment-${c.id}`} class="comment">
      <p class="meta">
        <a href={`/u/${encodeURIComponent(c.userName)}`}>{c.userName}</a>
        <a href={`#comment-${c.id}`}>{when(c.createdAt)}</a>
        {c.editedAt !== null && c.deletedAt === null ? <span>edited</span> : null}
        {c.hiddenAt !== null && curator ? <span class="badge">hidden</span> : null}
      </p>
      {content}
      {viewer && c.deletedAt === null ? (
        <div class="comment-actions meta">
          {props.depth < MAX_DEPTH ? (
            <details>
              <summary>Reply</summary>
              <CommentForm paperId={props.paperId} csrfToken={csrfToken} parentId={c.id} label="Post reply" />
            </details>
          ) : null}
          {own ? <a href={`/comments/${c.id}/edit`}>Edit</a> : null}
          {own ? (
            <form method="post" action={`/comments/${c.id}/delete`} class="inline">
              <input type="hidden" name="_csrf" value={csrfToken} />
              <button type="submit" class="link">Delete</button>
            </form>
          ) : null}
          {curator ? (
            <form method="post" action={`/comments/${c.id}/hide`} class="inline">
              <input type="hidden" name="_csrf" value={csrfToken} />
              <input type="hidden" name="hidden" value={c.hiddenAt === null ? '1' : '0'} />
              <button type="submit" class="link">{c.hiddenAt === null ? 'Hide' : 'Unhide'}</button>
            </form>
          ) : null}
        </div>
      ) : null}
      {replies.length ? (
        <ol class="comments">
          {replies.map((r) => (
            <CommentItem {...props} comment={r} depth={props.depth + 1} />
          ))}
        </ol>
      ) : null}
    </li>
  );
}

export function CommentThread(props: ThreadProps) {
  const children = new Map<number | null, Comment[]>();
  for (const c of props.comments) {
    const list = children.get(c.parentId) ?? [];
    list.push(c);
    children.set(c.parentId, list);
  }
  const top = children.get(null) ?? [];
  const visible = props.comments.filter((c) => c.deletedAt === null && c.hiddenAt === null).length;
  return (
    <section class="discussion" aria-labelledby="comments-title">
      <h2 id="comments-title">Discussion ({visible})</h2>
      {top.length === 0 ? <p class="muted">No comments yet.</p> : null}
      <ol class="comments">
        {top.map((c) => (
          <CommentItem {...props} comment={c} children={children} depth={1} />
        ))}
      </ol>
      {props.viewer ? (
        <CommentForm paperId={props.paperId} csrfToken={props.csrfToken} label="Post comment" />
      ) : (
        <p>
          <a href="/signin">Sign in</a> to comment.
        </p>
      )}
    </section>
  );
}
