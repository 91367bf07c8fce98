// The newest papers as a plain list (the full site replaces this page).
import type { Paper } from '../../model.ts';

export function renderNewestPage(papers: Paper[]): string {
  return (
    '<!doctype html>' +
    (
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>Paperboy: newest papers</title>
        </head>
        <body>
          <h1>Newest papers</h1>
          {papers.length === 0 ? <p>No papers yet: run <code>bin/paperboy import PATH</code>.</p> : null}
          <ol>
            {papers.map((p) => (
              <li>
                <a href={`/api/papers/${p.id}`}>{p.title}</a> <small>{p.authors.slice(0, 3).join(', ')}</small>
              </li>
            ))}
          </ol>
        </body>
      </html>
    ).toString()
  );
}
