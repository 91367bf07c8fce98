// Pages, JSON and feeds travel compressed when the client accepts it (brotli preferred, gzip
// otherwise), identical once decompressed, cached or not; clients that accept neither get plain text.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { sqliteTestDatabase, type OpenedTestDb } from '../helpers/db.ts';
import { paperInput } from '../helpers/papers.ts';
import { upsertPapers } from '../../src/store/papers.ts';
import { createApp } from '../../src/web/app.ts';
import { loadConfig } from '../../src/config.ts';
import { deflatePieces, gzipJoined } from '../../src/web/gzip-splice.ts';

let t: OpenedTestDb;
before(async () => {
  t = await sqliteTestDatabase().open();
  const daily = (upvotes: number) => ({ featuredOn: '2025-12-30', submittedBy: 'x', upvotes, numComments: 0, githubStars: null, aiKeywords: [], aiSummary: null });
  await upsertPapers(t.db, Array.from({ length: 30 }, (_, i) =>
    paperInput({ id: `2512.${String(i + 1).padStart(5, '0')}`, title: `Paper number ${i} about diffusion`, abstract: 'Words '.repeat(80), publishedAt: Date.UTC(2025, 11, 29), daily: daily(i) })));
});
after(async () => t?.close());

const COOKIE = `pb_csrf=${'c'.repeat(43)}`;

async function fetchAs(app: ReturnType<typeof createApp>, path: string, acceptEncoding: string | null) {
  const res = await app.request(path, { headers: { cookie: COOKIE, ...(acceptEncoding ? { 'accept-encoding': acceptEncoding } : {}) } });
  const raw = Buffer.from(await res.arrayBuffer());
  const encoding = res.headers.get('content-encoding');
  const text = (encoding === 'br' ? brotliDecompressSync(raw) : encoding === 'gzip' ? gunzipSync(raw) : raw).toString();
  return { res, raw, encoding, text };
}

for (const cache of ['2000', '0']) {
  test(`cache ${cache === '0' ? 'off' : 'on'}: HTML, JSON and feeds are compressed when accepted, and decompress to the same answer`, async () => {
    const app = createApp({ db: t.db, config: loadConfig({ DEMO_DIR: '', RESPONSE_CACHE_ENTRIES: cache }) });
    for (const path of ['/papers', '/papers/2512.00003', '/api/daily_papers', '/feeds/daily.rss']) {
      const plain = await fetchAs(app, path, null);
      assert.equal(plain.encoding, null, `${path}: plain without Accept-Encoding`);
      assert.match(plain.res.headers.get('vary') ?? '', /Accept-Encoding/i, `${path}: Vary`);
      for (const accept of ['gzip', 'br', 'gzip, deflate, br', 'gzip, deflate, br']) {
        const got = await fetchAs(app, path, accept);
        assert.ok(got.encoding === 'gzip' || got.encoding === 'br', `${path} ${accept}: compressed`);
        if (!accept.includes('gzip')) assert.equal(got.encoding, 'br');
        if (!accept.includes('br')) assert.equal(got.encoding, 'gzip');
        assert.equal(got.text, plain.text, `${path} ${accept}: same answer`);
        assert.ok(got.raw.length < plain.raw.length / 2, `${path}: ${got.raw.length} of ${plain.raw.length} bytes`);
      }
    }
  });
}

test('spliced gzip: pieces deflated once and joined around any token form one valid gzip file', () => {
  const pieces = ['<p>'.repeat(2000), ' value="', '"> and more text '.repeat(300), ''].map((s) => Buffer.from(s));
  const deflated = deflatePieces(pieces);
  for (const token of ['', 'x', 'T'.repeat(43)]) {
    const joined = gunzipSync(gzipJoined(pieces, deflated, Buffer.from(token))).toString();
    assert.equal(joined, pieces.map(String).join(token));
  }
});
