// `/collections/{id}`: one collection's papers with their notes; its owner edits it here, others follow it.
import { Layout, renderPage } from '../components/layout.tsx';
import { PaperRow } from '../components/paper-row.tsx';
import { FollowButton } from '../components/paper-library.tsx';
import type { PageFrame } from '../context.ts';
import type { Paper } from '../../model.ts';
import type { Collection } from '../../store/collections.ts';

export interface CollectionPageProps extends PageFrame {
  collection: Collection;
  papers: { paper: Paper; note: string }[];
  followers: number;
  following: boolean;
}

export function renderCollectionPage(p: CollectionPageProps): string {
  const c = p.collection;
  const own = p.viewer?.id === c.userId;
  const base = `/collections/${c.id}`;
  const feeds = c.isPublic
    ? [
        { title: `${c.name} (RSS)`, href: `/feeds/collection/${c.id}.rss`, type: 'rss' as const },
        { title: `${c.name} (Atom)`, href: `/feeds/collection/${c.id}.atom`, type: 'atom' as const },
        { title: `${c.name} (JSON Feed)`, href: `/feeds/collection/${c.id}.json`, type: 'json' as const },
      ]
    : [];
  return renderPage(
    <Layout title={c.name} canonical={c.isPublic ? `${p.publicUrl}${base}` : undefined} description={c.description || undefined} csrfToken={p.csrfToken} viewer={p.viewer} feeds={feeds}>
      <h1>{c.name}</h1>
      <p class="meta">
        <span>
          A {c.isPublic ? 'public' : 'private'} collection by <a href={`/u/${encodeURIComponent(c.owner)}`}>{c.owner}</a>
        </span>
        <span>
          {c.papers} paper{c.papers === 1 ? '' : 's'}
        </span>
        {c.isPublic ? <span>{p.followers} follower{p.followers === 1 ? '' : 's'}</span> : null}
        <a href={`${base}/bibtex`}>BibTeX</a>
        <a href={`${base}/markdown`}>Markdown</a>
        {c.isPublic ? (
          <span>
            Feeds: <a href={`/feeds/collection/${c.id}.rss`}>RSS</a> · <a href={`/feeds/collection/${c.id}.atom`}>Atom</a> · <a href={`/feeds/collection/${c.id}.json`}>JSON</a>
          </span>
        ) : null}
      </p>
      {c.description ? <p>{c.description}</p> : null}
      {p.viewer && !own && c.isPublic ? (
        <p>
          <FollowButton kind="collection" target={String(c.id)} label="Follow this collection" on={p.following} csrfToken={p.csrfToken} back={base} />
        </p>
      ) : null}
      {p.papers.length === 0 ? (
        <p class="notice">No papers here yet.</p>
      ) : (
        <ol class="papers" aria-label={`Papers in ${c.name}`}>
          {p.papers.map(({ paper, note }) => (
            <PaperRow
              paper={paper}
              why={note ? <span data-note>Note: {note}</span> : undefined}
              upvote={
                own ? (
                  <form method="post" action={`/papers/${paper.id}/unsave`} class="inline">
                    <input type="hidden" name="_csrf" value={p.csrfToken} />
                    <input type="hidden" name="collection" value={String(c.id)} />
                    <input type="hidden" name="back" value={base} />
                    <button type="submit" class="link">Remove</button>
                  </form>
                ) : undefined
              }
            />
          ))}
        </ol>
      )}
      {own ? (
        <details>
          <summary>Edit this collection</summary>
          <form method="post" action={`${base}/edit`}>
            <input type="hidden" name="_csrf" value={p.csrfToken} />
            <label for="collection-name">Name</label> <input id="collection-name" name="name" value={c.name} required maxlength={80} />{' '}
            <label for="collection-description">Description</label> <input id="collection-description" name="description" value={c.description} maxlength={500} />{' '}
            <label>
              <input type="checkbox" name="public" value="1" checked={c.isPublic} /> public
            </label>{' '}
            <button type="submit">Save changes</button>
          </form>
          <form method="post" action={`${base}/delete`}>
            <input type="hidden" name="_csrf" value={p.csrfToken} />
            <button type="submit">Delete this collection</button>
          </form>
        </details>
      ) : null}
    </Layout>,
  );
}
