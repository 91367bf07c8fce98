// Figures from the first page of the arXiv PDF, on every database: a paper the import names no
// thumbnail for gets its PDF fetched from a local stand-in for arXiv, page 1 rendered by pdftoppm,
// cropped to its top and stored like a thumbnail. A broken PDF, a 404 and a body over the size
// bound each leave a generated cover and a log line naming the paper; arXiv being down pauses PDF
// figures for the run and tries again later; without pdftoppm there are covers and no downloads.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { testDatabases } from '../helpers/db.ts';
import { paperInput } from '../helpers/papers.ts';
import { paperPdf } from '../helpers/tiny-pdf.ts';
import { upsertPapers } from '../../src/store/papers.ts';
import { makeFigures } from '../../src/figures/make-figures.ts';
import { pdfRendererAvailable } from '../../src/figures/pdf-first-page.ts';
import { PoliteClient } from '../../src/ingest/polite-client.ts';
import type { PdfSource } from '../../src/figures/arxiv-pdf.ts';
import { createApp } from '../../src/web/app.ts';
import { loadConfig } from '../../src/config.ts';
import type { DailyFacts } from '../../src/model.ts';

const skip = (await pdfRendererAvailable()) ? false : 'pdftoppm is missing (apt-get install -y poppler-utils; .ci/run installs it)';
const MAX_BYTES = 64 * 1024;
const DAY = 24 * 3600_000;

const hits = new Map<string, number>();
/** Ids arXiv is "down" for: 503 on every attempt. */
const down = new Set<string>();
let thumbnailPng: Buffer;
let server: Server;
let base = '';

before(async () => {
  thumbnailPng = await sharp({ create: { width: 1200, height: 650, channels: 3, background: '#e53935' } }).png().toBuffer();
  server = createServer((req, res) => {
    const url = req.url!;
    hits.set(url, (hits.get(url) ?? 0) + 1);
    const id = /^\/pdf\/(.+)$/.exec(url)?.[1] ?? '';
    if (url === '/thumbs/a.png') return res.writeHead(200, { 'Content-Type': 'image/png' }).end(thumbnailPng);
    if (down.has(id)) return res.writeHead(503, { 'Retry-After': '0' }).end('busy');
    if (id.endsWith('.00002')) return res.writeHead(200, { 'Content-Type': 'application/pdf' }).end('%PDF-1.4\n1 0 obj << /Type /Catalog >> truncated here');
    if (id.endsWith('.00003')) return res.writeHead(404, { 'Content-Type': 'text/html' }).end('<h1>Not found</h1>');
    if (id.endsWith('.00004')) {
      // Streamed without a Content-Length: the bound must hold while reading, not only on the header.
      res.writeHead(200, { 'Content-Type': 'application/pdf' });
      res.write(paperPdf('Too large'));
      const filler = Buffer.alloc(16 * 1024, 0x20);
      for (let i = 0; i < 8; i++) res.write(filler);
      return res.end();
    }
    if (id.endsWith('.00008')) return res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html>this paper was withdrawn</html>');
    if (id) return res.writeHead(200, { 'Content-Type': 'application/pdf' }).end(paperPdf(`Paper ${id}`));
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((resolve) => server?.close(() => resolve())));

const pdfSource = (): PdfSource => ({ client: new PoliteClient({ minIntervalMs: 0, retries: 2, backoffMs: 5, timeoutMs: 5000 }), baseUrl: `${base}/pdf`, maxBytes: MAX_BYTES });
const daily = (extra: Partial<DailyFacts>): DailyFacts => ({
  featuredOn: '2026-01-05', submittedBy: 'someone', upvotes: 3, numComments: 0, githubStars: null, aiKeywords: [], aiSummary: null, ...extra,
});
const pdfHits = () => [...hits].filter(([url]) => url.startsWith('/pdf/')).reduce((n, [, c]) => n + c, 0);

/** The stored `md` figure of a paper: its format and size, and how much of it is white page or blue band. */
async function figureOf(app: ReturnType<typeof createApp>, id: string) {
  const res = await app.request(`/figures/papers/${id}/md`);
  const body = Buffer.from(await res.arrayBuffer());
  const meta = await sharp(body).metadata();
  const { data, info } = await sharp(body).raw().toBuffer({ resolveWithObject: true });
  let white = 0;
  let blue = 0;
  for (let i = 0; i < data.length; i += info.channels) {
    const [r, g, b] = [data[i]!, data[i + 1]!, data[i + 2]!];
    if (r > 235 && g > 235 && b > 235) white++;
    if (b > 150 && r < 60) blue++;
  }
  const pixels = info.width * info.height;
  return { type: res.headers.get('content-type'), format: meta.format, width: meta.width, height: meta.height, white: white / pixels, blue: blue / pixels };
}

for (const database of testDatabases()) {
  test(`${database.name}: papers without a thumbnail get the first page of their PDF; bad PDFs get covers and a log line`, { skip }, async () => {
    const { db, close } = await database.open();
    try {
      hits.clear();
      await upsertPapers(db, [
        paperInput({ id: '2601.00001', title: 'A paper with a good PDF' }),
        paperInput({ id: '2601.00002', title: 'A broken PDF' }),
        paperInput({ id: '2601.00003', title: 'No PDF at all' }),
        paperInput({ id: '2601.00004', title: 'A PDF too large' }),
        paperInput({ id: '2601.00006', title: 'Has a thumbnail', daily: daily({ thumbnail: `${base}/thumbs/a.png` }) }),
        paperInput({ id: '2601.00008', title: 'arXiv answers a web page' }),
      ]);
      const app = createApp({ db, config: loadConfig({ DEMO_DIR: '', RESPONSE_CACHE_ENTRIES: '0' }) });
      const log: string[] = [];
      const first = await makeFigures(db, { pdf: pdfSource(), log: (l) => log.push(l) });
      assert.deepEqual(first, { fetched: 1, rendered: 1, generated: 4, failed: 4, avatars: 0 });

      const page = await figureOf(app, '2601.00001');
      assert.deepEqual([page.type, page.format, page.width, page.height], ['image/jpeg', 'jpeg', 640, 360]);
      assert.ok(page.white > 0.5, `mostly white paper (${page.white.toFixed(2)}), not a dark generated cover`);
      assert.ok(page.blue > 0.05, `the page's blue band is in the crop (${page.blue.toFixed(2)}): the top of the page is kept`);
      const sm = await app.request('/figures/papers/2601.00001/sm');
      assert.equal(sm.headers.get('content-type'), 'image/webp');
      assert.equal(sm.headers.get('cache-control'), 'public, max-age=604800');
      assert.equal(hits.get('/thumbs/a.png'), 1);
      assert.equal(hits.get('/pdf/2601.00006'), undefined, 'a paper with a thumbnail costs no PDF download');

      for (const id of ['2601.00002', '2601.00003', '2601.00004', '2601.00008']) {
        const cover = await figureOf(app, id);
        assert.equal(cover.type, 'image/jpeg', id);
        assert.ok(cover.white < 0.2, `${id}: a generated cover (white ${cover.white.toFixed(2)})`);
      }
      const lineOf = (id: string) => log.find((l) => l.includes(id)) ?? '';
      assert.match(lineOf('2601.00002'), /figure of 2601\.00002: not a readable PDF \(pdftoppm exited \d+.*\); using a generated cover/);
      assert.match(lineOf('2601.00003'), /figure of 2601\.00003: http:\/\/127\.0\.0\.1:\d+\/pdf\/2601\.00003: HTTP 404; using a generated cover/);
      assert.match(lineOf('2601.00004'), new RegExp(`figure of 2601\\.00004: .*/pdf/2601\\.00004: more than ${MAX_BYTES} bytes; using a generated cover`));
      assert.match(lineOf('2601.00008'), /figure of 2601\.00008: .*: not a PDF; using a generated cover/);
      assert.equal(hits.get('/pdf/2601.00003'), 1, 'a 404 is an answer, not retried');
      assert.equal(hits.get('/pdf/2601.00004'), 1, 'a body over the bound is not retried');

      // Fetched once: nothing to do on the next run, failures included (their URL is recorded).
      const before = pdfHits();
      assert.deepEqual(await makeFigures(db, { pdf: pdfSource(), now: () => Date.now() + 3 * DAY }), { fetched: 0, rendered: 0, generated: 0, failed: 0, avatars: 0 });
      assert.equal(pdfHits(), before);
    } finally {
      await close();
    }
  });

  test(`${database.name}: arXiv down pauses PDF figures for the run (covers meanwhile), tried again a day later; no pdftoppm, no downloads`, { skip }, async () => {
    const { db, close } = await database.open();
    try {
      hits.clear();
      await upsertPapers(db, [
        paperInput({ id: '2601.00011', title: 'Newer, while arXiv is down', publishedAt: Date.parse('2026-01-03') }),
        paperInput({ id: '2601.00012', title: 'Older', publishedAt: Date.parse('2026-01-02') }),
      ]);
      const app = createApp({ db, config: loadConfig({ DEMO_DIR: '', RESPONSE_CACHE_ENTRIES: '0' }) });

      // Without the renderer: covers, and no PDF is downloaded for nothing.
      const noTool: string[] = [];
      assert.deepEqual(await makeFigures(db, { pdf: pdfSource(), pdftoppm: '/nonexistent/pdftoppm', log: (l) => noTool.push(l) }), { fetched: 0, rendered: 0, generated: 2, failed: 0, avatars: 0 });
      assert.match(noTool.join('\n'), /\/nonexistent\/pdftoppm is not installed \(Debian: apt-get install poppler-utils\)/);
      assert.equal(pdfHits(), 0);

      // A day on, with the renderer but arXiv answering 503: retried with back-off, then paused.
      down.add('2601.00011');
      const log: string[] = [];
      const t1 = Date.now() + 2 * DAY;
      assert.deepEqual(await makeFigures(db, { pdf: pdfSource(), now: () => t1, log: (l) => log.push(l) }), { fetched: 0, rendered: 0, generated: 2, failed: 1, avatars: 0 });
      assert.equal(hits.get('/pdf/2601.00011'), 3, 'the first attempt and two retries');
      assert.equal(hits.get('/pdf/2601.00012'), undefined, 'paused for the rest of the run');
      assert.match(log.join('\n'), /figure of 2601\.00011: .*HTTP 503 after 3 attempts; PDF figures paused for this run/);

      // Within the day nothing is tried again; after it, arXiv is back and both get their page.
      down.clear();
      assert.equal((await makeFigures(db, { pdf: pdfSource(), now: () => t1 + 3600_000 })).rendered, 0);
      assert.deepEqual(await makeFigures(db, { pdf: pdfSource(), now: () => t1 + 2 * DAY }), { fetched: 0, rendered: 2, generated: 0, failed: 0, avatars: 0 });
      assert.ok((await figureOf(app, '2601.00012')).white > 0.5);
    } finally {
      down.clear();
      await close();
    }
  });
}
