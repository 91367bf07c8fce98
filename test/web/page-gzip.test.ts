// Pages rendered without the response cache are gzipped from parts kept per page text: every
// visitor still gets their own CSRF token, and a change to the page shows on the very next request.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { suiteTestDatabase, type OpenedTestDb } from '../helpers/db.ts';
import { paperInput } from '../helpers/papers.ts';
import { upsertPapers } from '../../src/store/papers.ts';
import { createApp } from '../../src/web/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createPageGzip } from '../../src/web/page-gzip.ts';

test('a page text seen again is spliced from its kept parts around each visitor’s token', () => {
  const pages = createPageGzip({ maxBytes: 1 << 20 });
  const page = (token: string, title = 'Diffusion') => `<title>${title}</title>${'<li>row</li>'.repeat(500)}<input value="${token}">${'<p>end</p>'.repeat(200)}<a href="?t=${token}">`;
  const a = 'A'.repeat(43);
  const b = 'B'.repeat(43);
  assert.equal(gunzipSync(pages.gzip(page(a), a)).toString(), page(a));
  assert.equal(gunzipSync(pages.gzip(page(b), b)).toString(), page(b), 'the second visitor gets their own token, in both places');
  assert.equal(pages.stats().entries, 1, 'one kept entry serves both visitors');
  assert.equal(gunzipSync(pages.gzip(page(b, 'Diffusiom'), b)).toString(), page(b, 'Diffusiom'), 'a text differing by one character is its own entry');
  assert.equal(pages.stats().entries, 2);
  assert.equal(gunzipSync(pages.gzip('no token here '.repeat(100), '')).toString(), 'no token here '.repeat(100));
});

test('kept parts stay within their byte bound, least recently used dropped first', () => {
  const pages = createPageGzip({ maxBytes: 200_000 });
  for (let i = 0; i < 100; i++) {
    const text = `<h1>page ${i}</h1>${'<li>a row of text</li>'.repeat(200)}`;
    assert.equal(gunzipSync(pages.gzip(text, '')).toString(), text);
    assert.ok(pages.stats().bytes <= 200_000, `${pages.stats().bytes} bytes after ${i + 1} pages`);
  }
  assert.ok(pages.stats().entries > 1 && pages.stats().entries < 100, `${pages.stats().entries} kept`);
});

let t: OpenedTestDb;
before(async () => {
  t = await suiteTestDatabase().open();
  const daily = (upvotes: number) => ({ featuredOn: '2025-12-30', submittedBy: 'x', upvotes, numComments: 0, githubStars: null, aiKeywords: [], aiSummary: null });
  await upsertPapers(t.db, Array.from({ length: 12 }, (_, i) =>
    paperInput({ id: `2512.${String(i + 1).padStart(5, '0')}`, title: `Paper number ${i} about diffusion`, abstract: 'Words '.repeat(80), publishedAt: Date.UTC(2025, 11, 29), daily: daily(i) })));
});
after(async () => t?.close());

test('cache off: each visitor’s gzipped page carries their token, and an edit shows on the next request', async () => {
  const app = createApp({ db: t.db, config: loadConfig({ DEMO_DIR: '', RESPONSE_CACHE_ENTRIES: '0' }) });
  const get = async (cookie: string) => {
    const res = await app.request('/papers', { headers: { cookie, 'accept-encoding': 'gzip, deflate, br' } });
    assert.equal(res.headers.get('content-encoding'), 'gzip', 'browsers get the spliced gzip');
    return gunzipSync(Buffer.from(await res.arrayBuffer())).toString();
  };
  const plain = async (cookie: string) => (await app.request('/papers', { headers: { cookie } })).text();
  const first = await get(`pb_csrf=${'a'.repeat(43)}`);
  const second = await get(`pb_csrf=${'b'.repeat(43)}`);
  assert.equal(first, await plain(`pb_csrf=${'a'.repeat(43)}`), 'the same page as sent uncompressed');
  assert.equal(second, await plain(`pb_csrf=${'b'.repeat(43)}`));
  const token = (page: string) => /name="_csrf" value="([^"]+)"/.exec(page)?.[1];
  assert.ok(token(first) && token(second) && token(first) !== token(second), 'each visitor’s own token');
  assert.equal(first.replaceAll(token(first)!, ''), second.replaceAll(token(second)!, ''), 'otherwise the same page');
  await upsertPapers(t.db, [paperInput({ id: '2512.00012', title: 'A title edited just now', abstract: 'Words '.repeat(80), publishedAt: Date.UTC(2025, 11, 29), daily: { featuredOn: '2025-12-30', submittedBy: 'x', upvotes: 11, numComments: 0, githubStars: null, aiKeywords: [], aiSummary: null } })]);
  const after = await get(`pb_csrf=${'a'.repeat(43)}`);
  assert.match(after, /A title edited just now/);
  assert.doesNotMatch(after, /Paper number 11 about/);
});
