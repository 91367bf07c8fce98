// Our copies of paper figures and organisation avatars. A stored picture is cached by browsers for
// a week; until the figure job has made one, a generated SVG stands in (cached for an hour).
import type { Context } from 'hono';
import type { Db } from '../../db/db.ts';
import type { AppEnv } from '../context.ts';
import { getImage, orgSubject, paperSubject, type StoredImage } from '../../store/images.ts';
import { getPaper } from '../../store/papers.ts';
import { coverSvg, initialsSvg } from '../../figures/cover.ts';

type C = Context<AppEnv>;

export const STORED_MAX_AGE = 7 * 24 * 3600;
const STAND_IN_MAX_AGE = 3600;

/** URL of a paper's figure in one of the sizes the figure job makes. */
export const figureUrl = (id: string, variant: 'sm' | 'md') => `/figures/papers/${id}/${variant}`;
export const avatarUrl = (org: string) => `/figures/orgs/${encodeURIComponent(org)}`;

function sendStored(c: C, img: StoredImage): Response {
  c.header('Cache-Control', `public, max-age=${STORED_MAX_AGE}`);
  c.header('ETag', img.etag);
  if (c.req.header('if-none-match') === img.etag) return c.body(null, 304);
  c.header('Content-Type', img.content_type);
  return c.body(img.body as Uint8Array<ArrayBuffer>);
}

function sendSvg(c: C, svg: string): Response {
  c.header('Cache-Control', `public, max-age=${STAND_IN_MAX_AGE}`);
  c.header('Content-Type', 'image/svg+xml; charset=utf-8');
  // Opened on its own, an SVG is a document: it may run nothing and load nothing.
  c.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
  return c.body(svg);
}

async function servePaperFigure(c: C, db: Db, id: string, variant: string): Promise<Response> {
  if (variant !== 'sm' && variant !== 'md') return c.text('Figure sizes are sm and md.', 404);
  const stored = await getImage(db, paperSubject(id), variant);
  if (stored) return sendStored(c, stored);
  const paper = await getPaper(db, id);
  if (!paper) return c.text(`There is no paper with id "${id}".`, 404);
  return sendSvg(c, coverSvg({ id: paper.id, title: paper.title, category: paper.primaryCategory }));
}

async function serveOrgAvatar(c: C, db: Db, name: string): Promise<Response> {
  const stored = await getImage(db, orgSubject(name), 'avatar');
  return stored ? sendStored(c, stored) : sendSvg(c, initialsSvg(name));
}

/** `/figures/papers/{id}/{variant}` and `/figures/orgs/{name}`. */
export function figureHandlers(db: Db) {
  return {
    paperFigure: (c: C) => servePaperFigure(c, db, c.req.param('id')!, c.req.param('variant')!),
    orgAvatar: (c: C) => serveOrgAvatar(c, db, c.req.param('name')!),
  };
}
