// `/collections`: the member's collections and everything they follow, with forms to add more.
import { Layout, renderPage } from '../components/layout.tsx';
import { FollowButton } from '../components/paper-library.tsx';
import type { PageFrame, Viewer } from '../context.ts';
import type { Collection } from '../../store/collections.ts';
import type { Follow } from '../../store/follows.ts';

const KIND_WORDS: Record<Follow['kind'], string> = { author: 'Authors', category: 'arXiv categories', keyword: 'Searches', collection: 'Collections' };

export function renderCollectionsPage(p: PageFrame & { viewer: Viewer; collections: Collection[]; follows: { follow: Follow; label: string }[]; error?: string }): string {
  return renderPage(
    <Layout title="Your collections" csrfToken={p.csrfToken} viewer={p.viewer}>
      <h1>Your collections</h1>
      {p.error ? (
        <p class="notice" role="alert">
          {p.error}
        </p>
      ) : null}
      {p.collections.length === 0 ? <p class="muted">No collections yet: save a paper from its page or from a listing.</p> : null}
      <ul>
        {p.collections.map((c) => (
          <li>
            <a href={`/collections/${c.id}`}>{c.name}</a>{' '}
            <small>
              {c.isPublic ? 'public' : 'private'} · {c.papers} paper{c.papers === 1 ? '' : 's'}
            </small>
          </li>
        ))}
      </ul>
      <form method="post" action="/collections">
        <input type="hidden" name="_csrf" value={p.csrfToken} />
        <label for="new-collection-name">New collection</label> <input id="new-collection-name" name="name" required maxlength={80} />{' '}
        <label>
          <input type="checkbox" name="public" value="1" /> public
        </label>{' '}
        <button type="submit">Create</button>
      </form>

      <h2 id="follows">You follow</h2>
      {p.follows.length === 0 ? <p class="muted">Nothing yet. Follow authors and categories from a paper's page, or a search here.</p> : null}
      {(['author', 'category', 'keyword', 'collection'] as const).map((kind) => {
        const list = p.follows.filter((f) => f.follow.kind === kind);
        return list.length ? (
          <>
            <h3>{KIND_WORDS[kind]}</h3>
            <ul>
              {list.map(({ follow, label }) => (
                <li>
                  {kind === 'collection' ? <a href={`/collections/${follow.target}`}>{label}</a> : label}{' '}
                  <FollowButton kind={kind} target={follow.target} label={label} on={true} csrfToken={p.csrfToken} back="/collections#follows" />
                </li>
              ))}
            </ul>
          </>
        ) : null;
      })}
      <form method="post" action="/follows">
        <input type="hidden" name="_csrf" value={p.csrfToken} />
        <input type="hidden" name="back" value="/collections#follows" />
        <label for="follow-kind">Follow</label>{' '}
        <select id="follow-kind" name="kind">
          <option value="keyword">a search</option>
          <option value="author">an author</option>
          <option value="category">an arXiv category</option>
        </select>{' '}
        <label for="follow-target">Words, name or category</label> <input id="follow-target" name="target" required maxlength={200} />{' '}
        <button type="submit">Follow</button>
      </form>
    </Layout>,
  );
}
