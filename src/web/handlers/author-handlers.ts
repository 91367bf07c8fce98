// `/authors/{name}` and `/feeds/author/{name}.{rss,atom,json}`: an author's papers from the search index.
import type { AppContext } from '../context.ts';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/db.ts';
import type { SearchService } from '../../search/service.ts';
import { renderAuthorPage } from '../pages/author-page.tsx';
import { rowUpvotes } from '../components/paper-community-slots.tsx';
import { renderErrorPage } from '../pages/error-page.tsx';

const PAGE_SIZE = 30;
/** Deep pages cost a sort of every paper of a prolific author; 100 pages is plenty to browse. */
const MAX_PAGE = 100;

export async function showAuthor(c: AppContext, db: Db, config: Config, search: SearchService, rawName: string): Promise<Response> {
  const name = rawName.slice(0, 200);
  const raw = c.req.query('p') ?? '';
  const page = /^\d{1,4}$/.test(raw) ? Math.min(Number(raw), MAX_PAGE) : 0;
  const author = await search.listAuthorPapers(name, PAGE_SIZE, page * PAGE_SIZE);
  if (!author) {
    const message = `No paper in the catalog lists "${name}" as an author. Names are matched whole, as the papers spell them.`;
    return c.html(renderErrorPage({ status: 404, message, csrfToken: c.get('csrfToken') ?? '', viewer: c.get('viewer') ?? null }), 404);
  }
  const upvote = await rowUpvotes(db, c.get('viewer'), c.get('csrfToken'), author.papers);
  return c.html(
    renderAuthorPage({ author, page, pageSize: PAGE_SIZE, upvote, publicUrl: config.publicUrl, csrfToken: c.get('csrfToken'), viewer: c.get('viewer') }),
  );
}
