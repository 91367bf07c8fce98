// The paper page's block for a signed-in member: save it into a collection with a note, see where
// it is saved, follow its authors and category.
import type { Paper } from '../../model.ts';
import type { PaperLibraryView } from '../../foryou/paper-library-view.ts';

const MAX_AUTHOR_FOLLOWS = 8;

export function PaperLibrary(props: { paper: Paper; view: PaperLibraryView; csrfToken: string }) {
  const { paper, view, csrfToken } = props;
  const saved = new Set(view.savedIn.map((s) => s.collection.id));
  const following = new Set(view.follows.map((f) => `${f.kind}:${f.target}`));
  const category = paper.primaryCategory ?? paper.categories[0] ?? null;
  const open = view.collections.filter((c) => !saved.has(c.id));
  return (
    <section class="library" id="collections" aria-labelledby="collections-title">
      <h2 id="collections-title">Your collections</h2>
      {view.savedIn.length ? (
        <ul>
          {view.savedIn.map(({ collection, entry }) => (
            <li>
              Saved in <a href={`/collections/${collection.id}`}>{collection.name}</a>
              {entry.note ? <> — <q>{entry.note}</q></> : null}{' '}
              <form method="post" action={`/papers/${paper.id}/unsave`} class="inline">
                <input type="hidden" name="_csrf" value={csrfToken} />
                <input type="hidden" name="collection" value={String(collection.id)} />
                <button type="submit" class="link">Remove</button>
              </form>
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">Not saved yet. What you save teaches your <a href="/for-you">For you</a> feed.</p>
      )}
      <form method="post" action={`/papers/${paper.id}/save`} class="save-to">
        <input type="hidden" name="_csrf" value={csrfToken} />
        <label for="save-collection">Save to</label>{' '}
        <select id="save-collection" name="collection">
          {open.map((c) => (
            <option value={String(c.id)}>{c.name}{c.isPublic ? ' (public)' : ''}</option>
          ))}
          <option value="new">New collection…</option>
        </select>{' '}
        <label for="save-new-name">New collection name</label> <input id="save-new-name" name="new_name" maxlength={80} />{' '}
        <label>
          <input type="checkbox" name="public" value="1" /> public
        </label>{' '}
        <label for="save-note">Note</label> <input id="save-note" name="note" maxlength={1000} />{' '}
        <button type="submit">Save</button>
      </form>
      <p class="follow">
        Follow:{' '}
        {paper.authors.slice(0, MAX_AUTHOR_FOLLOWS).map((a) => (
          <FollowButton kind="author" target={a} label={a} on={following.has(`author:${a}`)} csrfToken={csrfToken} back={`/papers/${paper.id}`} />
        ))}
        {category ? <FollowButton kind="category" target={category} label={category} on={following.has(`category:${category}`)} csrfToken={csrfToken} back={`/papers/${paper.id}`} /> : null}
      </p>
    </section>
  );
}

/** Follow or unfollow one thing; `back` is where the form returns. */
export function FollowButton(props: { kind: string; target: string; label: string; on: boolean; csrfToken: string; back: string }) {
  return (
    <form method="post" action={props.on ? '/follows/delete' : '/follows'} class="inline follow-form">
      <input type="hidden" name="_csrf" value={props.csrfToken} />
      <input type="hidden" name="kind" value={props.kind} />
      <input type="hidden" name="target" value={props.target} />
      <input type="hidden" name="back" value={props.back} />
      <button type="submit" class="link" aria-pressed={props.on ? 'true' : 'false'}>
        {props.on ? `Unfollow ${props.label}` : props.label}
      </button>{' '}
    </form>
  );
}
