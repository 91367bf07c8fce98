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
import { crc32Combine, deflatePiece, gzipSpliced } from '../../src/web/gzip-splice.ts';
import { crc32 } from 'node:zlib';
import { randomBytes } from 'node:crypto';
import { findOrCreateUser } from '../../src/community/accounts.ts';
import { insertSession } from '../../src/store/auth-tokens.ts';
import { hashSecret, newSecret } from '../../src/community/secrets.ts';
import { suiteTestDatabase } from '../helpers/db.ts';

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

test("CRC-32 combined from two parts' CRCs is the CRC of the whole, for any lengths", () => {
  for (const [a, b] of [[0, 0], [0, 7], [5, 0], [1, 1], [3, 1000], [55_000, 43], [65_536, 65_535], [100_003, 1]]) {
    const [x, y] = [randomBytes(a), randomBytes(b)];
    const whole = a + b ? crc32(Buffer.concat([x, y])) : 0;
    assert.equal(crc32Combine(a ? crc32(x) : 0, b ? crc32(y) : 0, b), whole, `${a} + ${b} bytes`);
  }
});

test('spliced gzip: pieces deflated once and joined around any bytes form one valid gzip file', () => {
  const pieces = ['<p>'.repeat(2000), ' value="', '"> and more text '.repeat(300), ''].map((s) => Buffer.from(s));
  for (const small of [false, true]) {
    const deflated = pieces.map((p) => deflatePiece(p, small));
    // Tokens of any length, a name, and a member's block longer than one stored block (64 kB).
    for (const fill of ['', 'x', 'T'.repeat(43), 'é'.repeat(40_000)]) {
      const segments = deflated.flatMap((d, i) => (i ? [Buffer.from(fill), d] : [d]));
      const joined = gunzipSync(gzipSpliced(segments)).toString();
      assert.equal(joined, pieces.map(String).join(fill));
    }
  }
  assert.equal(gunzipSync(gzipSpliced([])).toString(), '', 'an empty body is a valid gzip file too');
});

for (const kind of [suiteTestDatabase()]) {
  test(`cached pages sent gzipped are the same page as sent plain, for visitors and members (${kind.name})`, async () => {
    const { db, close } = await kind.open();
    try {
      const daily = (upvotes: number) => ({ featuredOn: '2025-12-30', submittedBy: 'x', upvotes, numComments: 0, githubStars: null, aiKeywords: [], aiSummary: null });
      await upsertPapers(db, Array.from({ length: 12 }, (_, i) =>
        paperInput({ id: `2512.${String(i + 1).padStart(5, '0')}`, title: `Paper number ${i} about diffusion`, abstract: 'Words '.repeat(80), publishedAt: Date.UTC(2025, 11, 29), daily: daily(i), source: 'hf-daily' })));
      const user = await findOrCreateUser(db, 'zip@example.org', 'member', 'zipper');
      const secret = newSecret();
      await insertSession(db, { hash: hashSecret(secret), userId: user.id, expiresAt: Date.now() + 60_000 });
      const app = createApp({ db, config: loadConfig({ DEMO_DIR: '', SECRET_KEY: 'k' }) });
      const csrf = `pb_csrf=${'d'.repeat(43)}`;
      for (const cookie of [csrf, `${csrf}; pb_session=${secret}`]) {
        const who = cookie.includes('pb_session') ? 'member' : 'visitor';
        // A member who voted on one listed paper and saved none: both toggle states on one page.
        if (who === 'member') {
          const token = /name="_csrf" value="([^"]+)"/.exec(await (await app.request('/about', { headers: { cookie } })).text())![1]!;
          const vote = await app.request('/papers/2512.00003/upvote', { method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: `_csrf=${token}&vote=1` });
          assert.equal(vote.status, 303);
        }
        for (const path of ['/papers/date/2025-12-30', '/papers/2512.00003', '/papers/2512.00004']) {
          for (let i = 0; i < 3; i++) {
            // The first request renders, the next ones are served from the cache; plain and gzip alternate.
            const plain = await (await app.request(path, { headers: { cookie } })).text();
            const res = await app.request(path, { headers: { cookie, 'accept-encoding': 'gzip' } });
            assert.equal(res.headers.get('content-encoding'), 'gzip', `${who} ${path}`);
            const raw = Buffer.from(await res.arrayBuffer());
            assert.equal(gunzipSync(raw).toString(), plain, `${who} ${path}: the same page`);
            assert.ok(raw.length < Buffer.byteLength(plain) / 2, `${who} ${path}: ${raw.length} of ${Buffer.byteLength(plain)} bytes`);
            if (who === 'member') assert.match(plain, /href="\/u\/zipper">zipper</);
            // A browser offers brotli too: everyone gets the gzip kept for the page (a visitor's
            // spliced around their token, a member's kept for what was filled in).
            const browser = await app.request(path, { headers: { cookie, 'accept-encoding': 'gzip, deflate, br' } });
            assert.equal(browser.headers.get('content-encoding'), 'gzip', `${who} ${path}`);
            assert.equal(gunzipSync(Buffer.from(await browser.arrayBuffer())).toString(), plain, `${who} ${path}: the same page in gzip`);
            assert.match(browser.headers.get('vary') ?? '', /accept-encoding/i);
          }
        }
        if (who === 'member') {
          const day = await (await app.request('/papers/date/2025-12-30', { headers: { cookie, 'accept-encoding': 'gzip' } })).arrayBuffer();
          assert.match(gunzipSync(Buffer.from(day)).toString(), /action="\/papers\/2512.00003\/upvote"[\s\S]*?aria-pressed="true"/, 'the member’s vote shows in the gzipped page');
        }
      }
    } finally {
      await close();
    }
  });
}
