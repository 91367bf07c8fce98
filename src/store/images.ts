// SQL for the pictures we serve (paper figures, organisation avatars) and where each came from.
import { sql, type Db } from '../db/db.ts';

export interface StoredImage {
  content_type: string;
  body: Buffer;
  etag: string;
}

/** `paper:ID` / `org:NAME`: one key space for every picture. */
export const paperSubject = (id: string) => `paper:${id}`;
export const orgSubject = (name: string) => `org:${name}`;

export async function getImage(db: Db, subject: string, variant: string): Promise<StoredImage | undefined> {
  const row = await db.get<StoredImage>(sql`SELECT content_type, body, etag FROM images WHERE subject = ${subject} AND variant = ${variant}`);
  return row ? { ...row, body: Buffer.from(row.body) } : undefined;
}

export interface NewImage {
  variant: string;
  contentType: string;
  body: Buffer;
  etag: string;
}

/** Replaces a subject's pictures and records their source (`''` for a generated one) in one transaction. */
export async function saveImages(db: Db, subject: string, sourceUrl: string, images: NewImage[], error: string | null, now = Date.now()): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.run(sql`DELETE FROM images WHERE subject = ${subject}`);
    for (const img of images) {
      await tx.run(sql`INSERT INTO images (subject, variant, content_type, body, etag) VALUES (${subject}, ${img.variant}, ${img.contentType}, ${img.body}, ${img.etag})`);
    }
    await tx.run(sql`INSERT INTO image_sources (subject, source_url, made_at, error) VALUES (${subject}, ${sourceUrl}, ${now}, ${error})
      ON CONFLICT (subject) DO UPDATE SET source_url = excluded.source_url, made_at = excluded.made_at, error = excluded.error`);
  });
}

export interface FigureCandidate {
  id: string;
  title: string;
  primary_category: string | null;
  thumbnail_url: string | null;
  organization: string | null;
}

/**
 * Papers whose figure is missing or was made from another source than the one the catalog names
 * now (a thumbnail imported after we generated a cover), newest featured first, so listings
 * fill in from the top. A failed fetch records the URL it tried: it is not retried until the
 * URL changes. With `coversMadeBefore` (PDF figures on), a generated cover (source '') made
 * before then is due again: papers imported before PDF figures existed, or whose PDF arXiv could
 * not serve for a while, get their first page once it can be had.
 */
export async function listPapersNeedingFigures(db: Db, limit: number, coversMadeBefore: number | null = null): Promise<FigureCandidate[]> {
  return db.all<FigureCandidate>(sql`SELECT p.id, p.title, p.primary_category, p.thumbnail_url, p.organization
    FROM papers p LEFT JOIN image_sources s ON s.subject = ${'paper:'} || p.id
    WHERE s.subject IS NULL
      OR (COALESCE(p.thumbnail_url, '') <> '' AND s.source_url <> p.thumbnail_url)
      OR (COALESCE(p.thumbnail_url, '') = '' AND s.source_url = '' AND s.made_at < ${coversMadeBefore ?? -1})
    ORDER BY p.featured_on IS NULL, p.featured_on DESC, p.published_at IS NULL, p.published_at DESC, p.id LIMIT ${limit}`);
}

/** The source an organisation's avatar was made from, or undefined when none was made yet. */
export async function getImageSource(db: Db, subject: string): Promise<string | undefined> {
  const row = await db.get<{ source_url: string }>(sql`SELECT source_url FROM image_sources WHERE subject = ${subject}`);
  return row?.source_url;
}
