// The figure job: for each paper without a stored picture, fetch the thumbnail the import named,
// else render the first page of its arXiv PDF, else generate a cover from title and category;
// resize it with sharp to the sizes the pages use, and store it; organisations' avatars likewise.
// Pages then serve only our own copies.
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import type { Db } from '../db/db.ts';
import type { Organization } from '../model.ts';
import { getImageSource, listPapersNeedingFigures, orgSubject, paperSubject, saveImages, type NewImage } from '../store/images.ts';
import { coverSvg, initialsSvg } from './cover.ts';
import { fetchImage } from './fetch-image.ts';
import { fetchPaperPdf, PdfUnavailable, pdfUrlOf, type PdfSource } from './arxiv-pdf.ts';
import { pdfRendererAvailable, renderFirstPage } from './pdf-first-page.ts';

/** The sizes pages ask for: `sm` in list rows (160×90 CSS px at 2×), `md` in grid cards and link previews. */
export const PAPER_VARIANTS = {
  sm: { width: 320, height: 180, format: 'webp' },
  md: { width: 640, height: 360, format: 'jpeg' },
} as const;
export type PaperVariant = keyof typeof PAPER_VARIANTS;
export const AVATAR_SIZE = 64;

const etagOf = (body: Buffer) => `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;

async function encode(input: Buffer, width: number, height: number, format: 'webp' | 'jpeg' | 'png'): Promise<{ body: Buffer; contentType: string }> {
  // `attention` keeps the busiest part of a figure when its shape differs from 16:9.
  const img = sharp(input, { limitInputPixels: 40_000_000 }).rotate().resize(width, height, { fit: 'cover', position: sharp.strategy.attention }).flatten({ background: '#ffffff' });
  if (format === 'webp') return { body: await img.webp({ quality: 72 }).toBuffer(), contentType: 'image/webp' };
  if (format === 'jpeg') return { body: await img.jpeg({ quality: 78, mozjpeg: true }).toBuffer(), contentType: 'image/jpeg' };
  return { body: await img.png().toBuffer(), contentType: 'image/png' };
}

/** Every size of a paper's figure from one source picture (any format sharp reads, SVG included). */
export async function paperVariants(source: Buffer): Promise<NewImage[]> {
  const out: NewImage[] = [];
  for (const [variant, v] of Object.entries(PAPER_VARIANTS)) {
    const { body, contentType } = await encode(source, v.width, v.height, v.format);
    out.push({ variant, contentType, body, etag: etagOf(body) });
  }
  return out;
}

/**
 * A rendered first page as a 16:9 figure: white margins trimmed (so the text fills the picture), a
 * thin white border put back, then the top of the page (title, authors, the start of the
 * abstract) at full width; a page shorter than that is padded below rather than cut at the sides.
 */
export async function pageFigure(pagePng: Buffer): Promise<Buffer> {
  let page = sharp(pagePng, { limitInputPixels: 40_000_000 }).flatten({ background: '#ffffff' });
  try {
    page = sharp(await page.clone().trim({ background: '#ffffff', threshold: 30 }).png().toBuffer());
  } catch {
    // A blank page has nothing to trim to: keep it whole.
  }
  const { width = 1, height = 1 } = await page.metadata();
  const pad = Math.round(width * 0.04);
  const framed = sharp(await page.extend({ top: pad, bottom: pad, left: pad, right: pad, background: '#ffffff' }).png().toBuffer());
  const [w, h] = [width + 2 * pad, height + 2 * pad];
  const wanted = Math.round((w * 9) / 16);
  const shaped = h >= wanted ? framed.extract({ left: 0, top: 0, width: w, height: wanted }) : framed.extend({ bottom: wanted - h, background: '#ffffff' });
  return shaped.png().toBuffer();
}

async function avatarVariant(source: Buffer): Promise<NewImage[]> {
  const { body, contentType } = await encode(source, AVATAR_SIZE, AVATAR_SIZE, 'webp');
  return [{ variant: 'avatar', contentType, body, etag: etagOf(body) }];
}

export interface FigureRunResult {
  fetched: number;
  /** Made from the first page of the paper's PDF. */
  rendered: number;
  generated: number;
  failed: number;
  avatars: number;
}

export interface FigureRunOptions {
  /** Papers per query; the run goes on until none is left or `until` passes. */
  batchSize?: number;
  /** Stop starting new batches after this time (epoch ms): a scheduled run stays within its lease. */
  until?: number;
  now?: () => number;
  heartbeat?: () => Promise<void>;
  log?: (line: string) => void;
  /** Where PDFs come from for papers without a thumbnail (`pdfSourceFrom(config)`); without it, covers. */
  pdf?: PdfSource | null;
  /** The PDF renderer to run (`pdftoppm` from PATH); when it is missing, covers are generated instead. */
  pdftoppm?: string;
  /** How long a cover stands in for a PDF figure before the PDF is tried again (default a day). */
  pdfRetryMs?: number;
}

/** Makes the missing figures; returns what it did. */
export async function makeFigures(db: Db, opts: FigureRunOptions = {}): Promise<FigureRunResult> {
  const now = opts.now ?? Date.now;
  const result: FigureRunResult = { fetched: 0, rendered: 0, generated: 0, failed: 0, avatars: 0 };
  const orgsSeen = new Set<string>();
  let pdf = opts.pdf ?? null;
  if (pdf && !(await pdfRendererAvailable(opts.pdftoppm))) {
    opts.log?.(`figures: ${opts.pdftoppm ?? 'pdftoppm'} is not installed (Debian: apt-get install poppler-utils), so papers without a thumbnail get generated covers`);
    pdf = null;
  }
  const timeUp = () => opts.until !== undefined && now() > opts.until;
  // Each paper once per run, whatever the query says next (a clock or a retry delay of 0 cannot loop it).
  const done = new Set<string>();
  while (!timeUp()) {
    const due = await listPapersNeedingFigures(db, opts.batchSize ?? 50, pdf ? now() - (opts.pdfRetryMs ?? 24 * 3600_000) : null);
    const batch = due.filter((p) => !done.has(p.id));
    if (batch.length === 0) break;
    for (const p of batch) {
      // A PDF can take seconds: the run stops between papers, not only between batches.
      if (timeUp()) break;
      done.add(p.id);
      await opts.heartbeat?.();
      const thumbnail = p.thumbnail_url ?? '';
      let source = thumbnail;
      let images: NewImage[] | null = null;
      let error: string | null = null;
      if (thumbnail) {
        try {
          images = await paperVariants(await fetchImage(thumbnail));
          result.fetched++;
        } catch (err) {
          error = (err as Error).message.slice(0, 500);
          result.failed++;
          opts.log?.(`figure of ${p.id}: ${error}; using a generated cover`);
        }
      } else if (pdf) {
        source = pdfUrlOf(pdf.baseUrl, p.id);
        try {
          const page = await renderFirstPage(await fetchPaperPdf(pdf, p.id), { command: opts.pdftoppm });
          images = await paperVariants(await pageFigure(page));
          result.rendered++;
        } catch (err) {
          error = (err as Error).message.slice(0, 500);
          result.failed++;
          if (err instanceof PdfUnavailable && err.transient) {
            // arXiv or the network is down: the rest of this run makes covers, all tried again later.
            opts.log?.(`figure of ${p.id}: ${error}; PDF figures paused for this run, using generated covers`);
            source = '';
            pdf = null;
          } else {
            opts.log?.(`figure of ${p.id}: ${error}; using a generated cover`);
          }
        }
      }
      if (!images) {
        images = await paperVariants(Buffer.from(coverSvg({ id: p.id, title: p.title, category: p.primary_category })));
        result.generated++;
      }
      // The URL tried is recorded even when it failed, so a broken link is not fetched again.
      await saveImages(db, paperSubject(p.id), source, images, error, now());
      if (p.organization) {
        const org = JSON.parse(p.organization) as Organization;
        if (!orgsSeen.has(org.name)) {
          orgsSeen.add(org.name);
          if (await makeAvatar(db, org, now(), opts.log)) result.avatars++;
        }
      }
    }
  }
  return result;
}

/** An organisation's avatar, when its source changed since the last one made; false when nothing was done. */
async function makeAvatar(db: Db, org: Organization, now: number, log?: (line: string) => void): Promise<boolean> {
  const subject = orgSubject(org.name);
  const source = org.avatar ?? '';
  if ((await getImageSource(db, subject)) === source) return false;
  let images: NewImage[] | null = null;
  let error: string | null = null;
  if (source) {
    try {
      images = await avatarVariant(await fetchImage(source));
    } catch (err) {
      error = (err as Error).message.slice(0, 500);
      log?.(`avatar of ${org.name}: ${error}; using initials`);
    }
  }
  images ??= await avatarVariant(Buffer.from(initialsSvg(org.fullname ?? org.name)));
  await saveImages(db, subject, source, images, error, now);
  return true;
}
