// A listing row's "save" control: one form POST into the member's reading list; a saved paper links to its page's collection form.
import type { Viewer } from '../context.ts';

export function SaveButton(props: { paperId: string; saved: boolean; viewer: Viewer | null; csrfToken: string; skipped?: string[] }) {
  if (!props.viewer) return null;
  if (props.saved) {
    return (
      <a class="save saved" href={`/papers/${props.paperId}#collections`} title="Saved: manage its collections and note">
        Saved
      </a>
    );
  }
  return (
    <form method="post" action={`/papers/${props.paperId}/save`} class="save inline" data-save>
      <input type="hidden" name="_csrf" value={props.csrfToken} />
      {props.skipped?.length ? <input type="hidden" name="skipped" value={props.skipped.join(' ')} /> : null}
      <button type="submit" title="Save to your reading list">Save</button>
    </form>
  );
}

/** "Not interested" on a For-you row: the papers shown above it that were skipped go along as weak negatives. */
export function NotInterestedButton(props: { paperId: string; csrfToken: string; skipped: string[] }) {
  return (
    <form method="post" action={`/papers/${props.paperId}/not-interested`} class="inline" data-not-interested>
      <input type="hidden" name="_csrf" value={props.csrfToken} />
      {props.skipped.length ? <input type="hidden" name="skipped" value={props.skipped.join(' ')} /> : null}
      <button type="submit" class="link" title="Show me fewer papers like this">Not interested</button>
    </form>
  );
}
