// The upvote toggle: a plain form POST (works without JavaScript); app.js may submit it in place.
import type { Viewer } from '../context.ts';

export function UpvoteForm(props: { paperId: string; upvotes: number; upvoted: boolean; viewer: Viewer | null; csrfToken: string; returnTo?: string }) {
  const { paperId, upvotes, upvoted } = props;
  if (!props.viewer) {
    // Visitors get the same control; it signs them in and brings them back to this page.
    const next = props.returnTo ?? `/papers/${paperId}`;
    return (
      <a class="upvote" href={`/signin?next=${encodeURIComponent(next)}`} title="Sign in to upvote">
        <span aria-hidden="true">▲</span> <span data-upvote-count>{upvotes}</span>
        <span class="visually-hidden"> upvotes, sign in to upvote</span>
      </a>
    );
  }
  return (
    <form method="post" action={`/papers/${paperId}/upvote`} class="upvote inline" data-upvote>
      <input type="hidden" name="_csrf" value={props.csrfToken} />
      <input type="hidden" name="vote" value={upvoted ? '0' : '1'} />
      <button type="submit" aria-pressed={upvoted ? 'true' : 'false'} title={upvoted ? 'Remove your upvote' : 'Upvote'}>
        ▲ <span data-upvote-count>{upvotes}</span>
      </button>
    </form>
  );
}
