// Fills the paper page's community slots (upvote, discussion) from a loaded community view.
import type { Viewer } from '../context.ts';
import type { PaperCommunityView } from '../../community/paper-view.ts';
import { PaperCommunity, PaperUpvote } from './paper-community.tsx';

export function communitySlots(view: PaperCommunityView, viewer: Viewer | null, csrfToken: string) {
  return {
    upvote: <PaperUpvote view={view} viewer={viewer} csrfToken={csrfToken} />,
    discussion: <PaperCommunity view={view} viewer={viewer} csrfToken={csrfToken} />,
  };
}
