// Fills the community slots of pages: the paper page's upvote and discussion, and listing rows' upvote
// buttons. When the response cache renders a member's page template, these become slots that
// fillViewerSlots completes per request, so members share one rendering of the rest of the page.
import type { Child } from 'hono/jsx';
import { raw } from 'hono/html';
import type { Db } from '../../db/db.ts';
import { displayedUpvotes, type Paper } from '../../model.ts';
import type { AppContext, Viewer } from '../context.ts';
import { loadVotedSet, type PaperCommunityView } from '../../community/paper-view.ts';
import { loadMemberMarks } from '../../store/member-marks.ts';
import { PaperCommunity, PaperUpvote } from './paper-community.tsx';
import { UpvoteForm } from './upvote-form.tsx';
import type { RowControl } from './paper-row.tsx';
import { renderRecord, type RenderRecord, type SlotRef, type SlotText, type ViewerSlot } from '../render-record.ts';
import { SaveButton } from './save-form.tsx';
import { listSavedPaperIds } from '../../store/collections.ts';
import { PaperLibrary } from './paper-library.tsx';
import { loadPaperLibrary, paperLibraryView } from '../../foryou/paper-library-view.ts';

export function communitySlots(view: PaperCommunityView, viewer: Viewer | null, csrfToken: string) {
  return {
    upvote: <PaperUpvote view={view} viewer={viewer} csrfToken={csrfToken} />,
    discussion: <PaperCommunity view={view} viewer={viewer} csrfToken={csrfToken} />,
  };
}

/** An upvote toggle as a slot: both states rendered now, the member's chosen when the page is sent. */
function voteSlot(record: RenderRecord, paperId: string, upvotes: number): Child {
  const viewer = record.templateViewer();
  const form = (upvoted: boolean) => String(<UpvoteForm paperId={paperId} upvotes={upvotes} upvoted={upvoted} viewer={viewer} csrfToken={record.csrfMark} />).split(record.csrfMark);
  return raw(record.slot({ kind: 'vote', paperId, on: form(true), off: form(false) }));
}

/** A row's save control as a slot, like voteSlot. */
function saveSlot(record: RenderRecord, paperId: string): Child {
  const viewer = record.templateViewer();
  const form = (saved: boolean) => String(<SaveButton paperId={paperId} saved={saved} viewer={viewer} csrfToken={record.csrfMark} />).split(record.csrfMark);
  return raw(record.slot({ kind: 'save', paperId, on: form(true), off: form(false) }));
}

/** The paper page's reading-list block: the member's, a slot in a member's template, nothing for visitors. */
export async function paperLibrarySlot(c: AppContext, db: Db, paper: Paper): Promise<Child | undefined> {
  const record = renderRecord(c);
  if (record?.templateRole) return raw(record.slot({ kind: 'library', paper }));
  const viewer = c.get('viewer');
  return viewer ? PaperLibrary({ paper, view: await loadPaperLibrary(db, viewer.id, paper.id), csrfToken: c.get('csrfToken') }) : undefined;
}

/**
 * The paper page's community pieces for this request: rendered for the viewer, or, in a member's
 * template, as slots (the view passed in was then loaded without a viewer).
 */
export function paperCommunitySlots(c: AppContext, view: PaperCommunityView) {
  const record = renderRecord(c);
  if (record?.templateRole) {
    return { upvote: voteSlot(record, view.paperId, view.upvotes), discussion: raw(record.slot({ kind: 'discussion', view })) };
  }
  return communitySlots(view, c.get('viewer'), c.get('csrfToken'));
}

/**
 * Upvote (and save) controls for the rows of a listing: for a signed-in viewer a toggle and a save
 * button (one query each for which of them they upvoted and saved); for a visitor a link to sign
 * in that comes back to `here`.
 */
export async function rowUpvotes(db: Db, viewer: Viewer | null, csrfToken: string, papers: Paper[], here?: string): Promise<RowControl> {
  if (!viewer) {
    // A visitor's control is a link to sign in and come back here: the same for every visitor.
    const signIn: RowControl = (p) => <UpvoteForm paperId={p.id} upvotes={displayedUpvotes(p)} upvoted={false} viewer={null} csrfToken={csrfToken} returnTo={here} />;
    signIn.sameForEveryone = `signin ${here ?? ''}`;
    return signIn;
  }
  const ids = papers.map((p) => p.id);
  const [voted, saved] = await Promise.all([loadVotedSet(db, viewer.id, ids), listSavedPaperIds(db, viewer.id, ids)]);
  return (p) => (
    <>
      <UpvoteForm paperId={p.id} upvotes={displayedUpvotes(p)} upvoted={voted.has(p.id)} viewer={viewer} csrfToken={csrfToken} />
      <SaveButton paperId={p.id} saved={saved.has(p.id)} viewer={viewer} csrfToken={csrfToken} />
    </>
  );
}

/** rowUpvotes for this request: slots in a member's template, otherwise rendered for the viewer. */
export async function rowUpvotesFor(c: AppContext, db: Db, papers: Paper[], here?: string): Promise<RowControl | undefined> {
  const record = renderRecord(c);
  if (record?.templateRole) {
    return (p) => (
      <>
        {voteSlot(record, p.id, displayedUpvotes(p))}
        {saveSlot(record, p.id)}
      </>
    );
  }
  return rowUpvotes(db, c.get('viewer'), c.get('csrfToken'), papers, here);
}

/**
 * The text of each slot of a member's page template, for this member: their votes, saves, claims
 * and library for the papers the page shows, read in one statement (store/member-marks.ts).
 */
export async function fillViewerSlots(db: Db, viewer: Viewer, csrfToken: string, refs: readonly SlotRef[]): Promise<SlotText[]> {
  const ids = (kind: ViewerSlot['kind']) =>
    [...new Set(refs.flatMap((r) => (typeof r === 'object' && r.kind === kind ? [paperOf(r)] : [])))];
  const discussions = ids('discussion');
  // A page has at most one library block.
  const library = ids('library')[0] ?? null;
  const marks = await loadMemberMarks(db, viewer.id, viewer.name, {
    // The community block shows the member's vote as well.
    voted: [...new Set([...ids('vote'), ...discussions])],
    saved: ids('save'),
    claims: discussions,
    library,
  });
  const libraryView = marks.library ? paperLibraryView(marks.library) : null;
  return refs.map((ref): SlotText => {
    if (ref === 'csrf') return csrfToken;
    if (ref === 'name') return viewer.name;
    if (ref.kind === 'vote') return marks.voted.has(ref.paperId) ? ref.on : ref.off;
    if (ref.kind === 'save') return marks.saved.has(ref.paperId) ? ref.on : ref.off;
    if (ref.kind === 'library') return String(PaperLibrary({ paper: ref.paper, view: libraryView!, csrfToken }));
    const view = { ...ref.view, upvoted: marks.voted.has(ref.view.paperId), claim: marks.claims.get(ref.view.paperId) ?? null };
    return String(<PaperCommunity view={view} viewer={viewer} csrfToken={csrfToken} />);
  });
}

/** The paper a member's slot is about. */
function paperOf(r: ViewerSlot): string {
  return r.kind === 'library' ? r.paper.id : r.kind === 'discussion' ? r.view.paperId : r.paperId;
}
