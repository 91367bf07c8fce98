// The paper page as a reader meets it: math rendered (raw TeX kept for the API and feeds), the
// summary before the abstract, a link preview with the figure, and a useful 404 for arXiv ids we
// do not have yet.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sqliteTestDatabase, type OpenedTestDb } from '../helpers/db.ts';
import { paperInput } from '../helpers/papers.ts';
import { upsertPapers } from '../../src/store/papers.ts';
import { createApp } from '../../src/web/app.ts';
import { loadConfig } from '../../src/config.ts';

const PUBLIC = 'https://papers.example.org';
const TITLE = 'A$^2$Search: \\method{} beats \\textbf{everything} in G\\"{o}del tasks';
let t: OpenedTestDb;
let app: ReturnType<typeof createApp>;
before(async () => {
  t = await sqliteTestDatabase().open();
  await upsertPapers(t.db, [
    paperInput({
      id: '2512.00042',
      title: TITLE,
      abstract: 'We prove $x<y$ for all $n \\ge 2$ and show that \\method costs $5 and $10 to run. </p><script>alert(1)</script>',
      authors: ['Ada Lovelace'],
      publishedAt: Date.UTC(2025, 11, 20),
      daily: { featuredOn: '2025-12-22', submittedBy: 'ada', upvotes: 4, numComments: 0, githubStars: null, aiKeywords: [], aiSummary: 'It is fast.' },
      source: 'hf-daily',
    }),
  ]);
  app = createApp({ db: t.db, config: loadConfig({ DEMO_DIR: '', PUBLIC_URL: PUBLIC }) });
});
after(async () => t?.close());

test('math and macros render as MathML and text; the raw TeX stays in the API and feeds', async () => {
  const html = await (await app.request('/papers/2512.00042')).text();
  const h1 = /<h1 id="paper-title">([\s\S]*?)<\/h1>/.exec(html)![1]!;
  assert.match(h1, /^A<span class="katex"><math/);
  assert.match(h1, /<msup>.*<mn>2<\/mn><\/msup>/s);
  assert.match(h1, /<span class="tex-macro">method<\/span> beats <b>everything<\/b> in Gödel tasks/);
  assert.doesNotMatch(h1.replace(/<annotation[^>]*>.*?<\/annotation>/gs, ''), /\$|\\/, 'no raw TeX left outside the annotations');
  const abstract = /<p class="abstract">([\s\S]*?)<\/p>/.exec(html)![1]!;
  assert.match(abstract, /<mo>&lt;<\/mo>/, 'x<y is math');
  assert.match(abstract, /<mo>≥<\/mo>/);
  assert.match(abstract, /costs \$5 and \$10 to run/, 'prices are not math');
  assert.match(abstract, /&lt;\/p&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;/, 'markup stays text');
  assert.ok(html.indexOf('id="summary-title"') < html.indexOf('id="abstract-title"'), 'the summary comes before the abstract');
  const api = await (await app.request('/api/papers/2512.00042')).json();
  assert.equal(api.title, TITLE);
  assert.ok((await (await app.request('/feeds/daily.rss')).text()).includes('A$^2$Search'));
});

test('link previews carry the figure from this site', async () => {
  const html = await (await app.request('/papers/2512.00042')).text();
  assert.match(html, new RegExp(`<meta property="og:image" content="${PUBLIC}/figures/papers/2512.00042/md"/>`));
  assert.match(html, /<meta name="twitter:card" content="summary_large_image"\/>/);
  assert.match(html, /<meta property="og:title" content="A\$\^2\$Search/);
  assert.match(html, new RegExp(`<meta property="og:url" content="${PUBLIC}/papers/2512.00042"/>`));
});

test('an arXiv id we do not have: 404 with "open on arXiv" and "submit it"', async () => {
  const res = await app.request('/papers/2501.99999');
  assert.equal(res.status, 404);
  const html = await res.text();
  assert.match(html, /<a class="button" href="https:\/\/arxiv.org\/abs\/2501.99999">Open 2501.99999 on arXiv<\/a>/);
  assert.match(html, /href="\/submit\?paper=2501.99999">Submit it/);
  const other = await app.request('/papers/not-a-paper');
  assert.equal(other.status, 404);
  assert.doesNotMatch(await other.text(), /arxiv.org/);
});

test('site basics: favicon, manifest and icons answer', async () => {
  const ico = await app.request('/favicon.ico');
  assert.equal(ico.status, 200);
  assert.equal(ico.headers.get('content-type'), 'image/x-icon');
  const bytes = Buffer.from(await ico.arrayBuffer());
  assert.deepEqual([...bytes.subarray(0, 4)], [0, 0, 1, 0], 'an ICO header');
  assert.equal(bytes.subarray(22, 26).toString('latin1'), '\x89PNG');
  const manifest = await (await app.request('/manifest.webmanifest')).json();
  assert.equal(manifest.name, 'Paperboy');
  for (const icon of manifest.icons) assert.equal((await app.request(icon.src)).status, 200, icon.src);
});
