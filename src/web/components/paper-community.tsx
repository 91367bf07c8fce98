// The community's pieces of a paper page: the upvote toggle, and the block with authorship,
// link editing, moderation and the discussion.
import type { Viewer } from '../context.ts';
import type { PaperCommunityView } from '../../community/paper-view.ts';
import { UpvoteForm } from './upvote-form.tsx';
import { CommentThread } from './comment-thread.tsx';

interface Props {
  view: PaperCommunityView;
  viewer: Viewer | null;
  csrfToken: string;
}

export function PaperUpvote({ view, viewer, csrfToken }: Props) {
  return <UpvoteForm paperId={view.paperId} upvotes={view.upvotes} upvoted={view.upvoted} viewer={viewer} csrfToken={csrfToken} />;
}

export function PaperCommunity({ view, viewer, csrfToken }: Props) {
  const curator = viewer?.role === 'curator' || viewer?.role === 'admin';
  const canEditLinks = curator || view.claim === 'approved';
  return (
    <div class="community" id="discussion">
      {view.hidden ? <p class="notice">This paper is hidden from listings by a moderator.</p> : null}
      {/* Authorship and moderation, each on its own line with a visible label. */}
      {viewer ? (
        <div class="curation">
          {view.claim === null ? (
            <form method="post" action={`/papers/${view.paperId}/claim`} class="curation-row">
              <input type="hidden" name="_csrf" value={csrfToken} />
              <span>Did you write this paper?</span>
              <button type="submit" class="secondary">I am an author</button>
            </form>
          ) : null}
          {view.claim === 'pending' ? <p class="curation-row">Your authorship claim awaits an admin.</p> : null}
          {view.claim === 'approved' ? (
            <p class="curation-row">
              <span class="badge">You are an author</span>
            </p>
          ) : null}
          {curator ? (
            <form method="post" action={`/papers/${view.paperId}/hide`} class="curation-row">
              <input type="hidden" name="_csrf" value={csrfToken} />
              <input type="hidden" name="hidden" value={view.hidden ? '0' : '1'} />
              <label for="hide-reason">{view.hidden ? 'Unhide' : 'Hide'} from listings, reason</label>
              <input id="hide-reason" name="reason" placeholder="spam, duplicate, …" />
              <button type="submit" class="secondary">{view.hidden ? 'Unhide paper' : 'Hide paper'}</button>
            </form>
          ) : null}
        </div>
      ) : null}
      {canEditLinks ? (
        <details>
          <summary>Edit code and project links</summary>
          <form method="post" action={`/papers/${view.paperId}/links`}>
            <input type="hidden" name="_csrf" value={csrfToken} />
            <label for="link-code">Code repository</label> <input id="link-code" type="url" name="code" value={view.codeUrl ?? ''} />{' '}
            <label for="link-project">Project page</label> <input id="link-project" type="url" name="project" value={view.projectUrl ?? ''} />{' '}
            <button type="submit">Save links</button>
          </form>
        </details>
      ) : null}
      <CommentThread paperId={view.paperId} comments={view.comments} viewer={viewer} csrfToken={csrfToken} />
    </div>
  );
}
