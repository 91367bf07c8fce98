// Fills the community slots of pages: the paper page's upvote and discussion, and listing rows' upvote buttons.
import type { Child } from 'hono/jsx';
import type { Db } from '../../db/db.ts';
import { displayedUpvotes, type Paper } from '../../model.ts';
import type { Viewer } from '../context.ts';
import { loadVotedSet, type PaperCommunityView } from '../../community/paper-view.ts';
import { PaperCommunity, PaperUpvote } from './paper-community.tsx';
import { UpvoteForm } from './upvote-form.tsx';
import { SaveButton } from './save-form.tsx';
import { listSavedPaperIds } from '../../store/collections.ts';

export function communitySlots(view: PaperCommunityView, viewer: Viewer | null, csrfToken: string) {
  return {
    upvote: <PaperUpvote view={view} viewer={viewer} csrfToken={csrfToken} />,
    discussion: <PaperCommunity view={view} viewer={viewer} csrfToken={csrfToken} />,
  };
}

/**
 * Upvote (and save) controls for the rows of a listing: for a signed-in viewer a toggle and a save
 * button (one query each for which of them they upvoted and saved); for a visitor a link to sign
 * in that comes back to `here`.
 */
export async function rowUpvotes(db: Db, viewer: Viewer | null, csrfToken: string, papers: Paper[], here?: string): Promise<(p: Paper) => Child> {
  if (!viewer) return (p) => <UpvoteForm paperId={p.id} upvotes={displayedUpvotes(p)} upvoted={false} viewer={null} csrfToken={csrfToken} returnTo={here} />;
  const ids = papers.map((p) => p.id);
  const [voted, saved] = await Promise.all([loadVotedSet(db, viewer.id, ids), listSavedPaperIds(db, viewer.id, ids)]);
  return (p) => (
    <>
      <UpvoteForm paperId={p.id} upvotes={displayedUpvotes(p)} upvoted={voted.has(p.id)} viewer={viewer} csrfToken={csrfToken} />
      <SaveButton paperId={p.id} saved={saved.has(p.id)} viewer={viewer} csrfToken={csrfToken} />
    </>
  );
}
