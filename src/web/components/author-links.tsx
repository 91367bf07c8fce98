// Author names as links to their author pages (`/authors/{name}`), shortened with "et al." in listings.

/** The author page of a name: the name itself in the path, percent-encoded. */
export function authorPath(name: string): string {
  return `/authors/${encodeURIComponent(name.trim())}`;
}

export function AuthorLinks(props: { authors: readonly string[]; max?: number }) {
  const max = props.max ?? Infinity;
  const shown = props.authors.slice(0, max);
  return (
    <>
      {shown.map((a, i) => (
        <>
          {i > 0 ? ', ' : ''}
          <a href={authorPath(a)}>{a}</a>
        </>
      ))}
      {props.authors.length > shown.length ? ' et al.' : ''}
    </>
  );
}
