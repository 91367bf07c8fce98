// The one route table: every URL the server answers, mapped to its handler.
import { Hono } from 'hono';
import type { Db } from '../db/db.ts';
import type { Config } from '../config.ts';
import { getPaper, listNewestPapers } from '../store/papers.ts';
import { renderNewestPage } from './pages/newest-page.tsx';

export interface AppDeps {
  db: Db;
  config: Config;
}

export function createApp({ db }: AppDeps): Hono {
  const app = new Hono();

  app.get('/', async (c) => c.html(renderNewestPage(await listNewestPapers(db, 50))));

  app.get('/api/papers/:id{.+}', async (c) => {
    const paper = await getPaper(db, c.req.param('id'));
    if (!paper) return c.json({ error: `no paper with id ${c.req.param('id')}` }, 404);
    return c.json(paper);
  });

  app.notFound((c) => (c.req.path.startsWith('/api/') ? c.json({ error: 'not found' }, 404) : c.text('Not found', 404)));
  app.onError((err, c) => {
    console.error(err);
    return c.req.path.startsWith('/api/') ? c.json({ error: 'internal error' }, 500) : c.text('Something went wrong', 500);
  });
  return app;
}
