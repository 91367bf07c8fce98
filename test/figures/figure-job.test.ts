// The figure job on every database: a paper's thumbnail is fetched once from the URL the import
// named, resized with sharp and served from our own URL with long cache headers; papers without
// one (or whose thumbnail is broken) get a generated cover; organisation avatars likewise.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { testDatabases } from '../helpers/db.ts';
import { paperInput } from '../helpers/papers.ts';
import { upsertPapers } from '../../src/store/papers.ts';
import { makeFigures } from '../../src/figures/make-figures.ts';
import { createApp } from '../../src/web/app.ts';
import { loadConfig } from '../../src/config.ts';
import type { DailyFacts } from '../../src/model.ts';

// A real 1200×650 PNG (HF social thumbnails have that shape) and a small avatar, made here.
let thumbnailPng: Buffer;
let avatarPng: Buffer;
const hits = new Map<string, number>();
let server: Server;
let base = '';

before(async () => {
  thumbnailPng = await sharp({ create: { width: 1200, height: 650, channels: 3, background: '#e53935' } }).png().toBuffer();
  avatarPng = await sharp({ create: { width: 200, height: 200, channels: 3, background: '#1e88e5' } }).png().toBuffer();
  server = createServer((req, res) => {
    hits.set(req.url!, (hits.get(req.url!) ?? 0) + 1);
    if (req.url === '/thumbs/a.png' || req.url === '/thumbs/b.png') return res.writeHead(200, { 'Content-Type': 'image/png' }).end(thumbnailPng);
    if (req.url === '/avatars/lab.png') return res.writeHead(200, { 'Content-Type': 'image/png' }).end(avatarPng);
    if (req.url === '/thumbs/page.png') return res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html>not an image</html>');
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

const daily = (extra: Partial<DailyFacts>): DailyFacts => ({
  featuredOn: '2025-12-30', submittedBy: 'someone', upvotes: 3, numComments: 0, githubStars: null, aiKeywords: [], aiSummary: null, ...extra,
});

for (const database of testDatabases()) {
  test(`${database.name}: figures are fetched once, resized, stored and served from this site`, async () => {
    const { db, close } = await database.open();
    try {
      hits.clear();
      await upsertPapers(db, [
        paperInput({ id: '2512.00001', title: 'With a thumbnail', daily: daily({ thumbnail: `${base}/thumbs/a.png`, organization: { name: 'lab', fullname: 'The Lab', avatar: `${base}/avatars/lab.png` } }) }),
        paperInput({ id: '2512.00002', title: 'Without one', primaryCategory: 'cs.CL', categories: ['cs.CL'] }),
        paperInput({ id: '2512.00003', title: 'Broken thumbnail', daily: daily({ thumbnail: `${base}/thumbs/missing.png` }) }),
        paperInput({ id: '2512.00004', title: 'Thumbnail is a web page', daily: daily({ thumbnail: `${base}/thumbs/page.png` }) }),
      ]);
      const app = createApp({ db, config: loadConfig({ DEMO_DIR: '', RESPONSE_CACHE_ENTRIES: '0' }) });

      // Before the job: a generated SVG stands in, cached briefly.
      const before = await app.request('/figures/papers/2512.00001/sm');
      assert.equal(before.status, 200);
      assert.match(before.headers.get('content-type')!, /^image\/svg\+xml/);
      assert.equal(before.headers.get('cache-control'), 'public, max-age=3600');
      assert.match(await before.text(), /With a thumbnail/);

      const first = await makeFigures(db);
      assert.deepEqual(first, { fetched: 1, rendered: 0, generated: 3, failed: 2, avatars: 1 });

      const sm = await app.request('/figures/papers/2512.00001/sm');
      assert.equal(sm.headers.get('content-type'), 'image/webp');
      assert.equal(sm.headers.get('cache-control'), 'public, max-age=604800');
      const smMeta = await sharp(Buffer.from(await sm.arrayBuffer())).metadata();
      assert.deepEqual([smMeta.format, smMeta.width, smMeta.height], ['webp', 320, 180]);
      const { data: pixel } = await sharp(Buffer.from(await (await app.request('/figures/papers/2512.00001/sm')).arrayBuffer())).raw().toBuffer({ resolveWithObject: true });
      assert.ok(pixel[0]! > 200 && pixel[2]! < 80, 'the fetched (red) thumbnail, not a cover');
      const md = await app.request('/figures/papers/2512.00001/md');
      const mdMeta = await sharp(Buffer.from(await md.arrayBuffer())).metadata();
      assert.deepEqual([mdMeta.format, mdMeta.width, mdMeta.height], ['jpeg', 640, 360]);
      const etag = sm.headers.get('etag')!;
      assert.equal((await app.request('/figures/papers/2512.00001/sm', { headers: { 'if-none-match': etag } })).status, 304);

      // Covers for the others, stored as pictures too (link previews need a raster image).
      for (const id of ['2512.00002', '2512.00003', '2512.00004']) {
        const cover = await app.request(`/figures/papers/${id}/md`);
        assert.equal(cover.headers.get('content-type'), 'image/jpeg', id);
      }
      const avatar = await app.request('/figures/orgs/lab');
      assert.equal(avatar.headers.get('content-type'), 'image/webp');
      assert.equal((await sharp(Buffer.from(await avatar.arrayBuffer())).metadata()).width, 64);
      assert.equal(hits.get('/thumbs/a.png'), 1);

      // Fetched once: a second run does nothing, broken links included.
      assert.deepEqual(await makeFigures(db), { fetched: 0, rendered: 0, generated: 0, failed: 0, avatars: 0 });
      assert.equal(hits.get('/thumbs/a.png'), 1);
      assert.equal(hits.get('/thumbs/missing.png'), 1);

      // A thumbnail named later replaces the generated cover.
      await upsertPapers(db, [paperInput({ id: '2512.00002', title: 'Without one', primaryCategory: 'cs.CL', categories: ['cs.CL'], daily: daily({ thumbnail: `${base}/thumbs/b.png` }) })]);
      assert.deepEqual(await makeFigures(db), { fetched: 1, rendered: 0, generated: 0, failed: 0, avatars: 0 });
      assert.equal((await app.request('/figures/papers/2512.00002/sm')).headers.get('content-type'), 'image/webp');

      assert.equal((await app.request('/figures/papers/2512.99999/sm')).status, 404);
      assert.equal((await app.request('/figures/papers/2512.00001/xl')).status, 404);
      assert.equal((await app.request('/figures/papers/2512.00001/sm')).headers.get('set-cookie'), null, 'no cookie: shared caches may keep it');
    } finally {
      await close();
    }
  });
}
