// The form to edit one's own comment.
import { Layout, renderPage } from '../components/layout.tsx';
import type { Viewer } from '../context.ts';
import type { Comment } from '../../store/comments.ts';

export function renderEditCommentPage(p: { csrfToken: string; viewer: Viewer; comment: Comment; error?: string }): string {
  return renderPage(
    <Layout title="Edit comment" csrfToken={p.csrfToken} viewer={p.viewer}>
      <h1>Edit comment</h1>
      {p.error ? <p class="notice" role="alert">{p.error}</p> : null}
      <form method="post" action={`/comments/${p.comment.id}/edit`}>
        <input type="hidden" name="_csrf" value={p.csrfToken} />
        <label for="edit-body" class="visually-hidden">Comment</label>
        <textarea id="edit-body" name="body" rows={6} required maxlength={10000}>{p.comment.body}</textarea>
        <button type="submit">Save</button> <a href={`/papers/${p.comment.paperId}#comment-${p.comment.id}`}>Cancel</a>
      </form>
    </Layout>,
  );
}
