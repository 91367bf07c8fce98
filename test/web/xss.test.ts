// A paper whose title, abstract, authors and links try to inject markup or javascript: links is shown
// as inert text on every page, in Markdown and in every API answer (feeds: test/feeds).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openWebFixture, XSS_ID, XSS_TITLE, type WebFixture } from '../helpers/web-app.ts';

let fx: WebFixture;
before(async () => {
  fx = await openWebFixture({ hostile: true });
});
after(async () => fx?.close());

const PAGES = ['/', '/?window=day', '/?window=month', '/papers', '/papers/date/2025-12-31', '/papers/week/2026-W01', '/papers/month/2025-12', `/papers/${XSS_ID}`];

/** Every tag of the page: no injected element, event handler or javascript: URL may appear among them. */
function assertInert(html: string, where: string) {
  const tags = html.match(/<[a-zA-Z][^>]*>/g) ?? [];
  for (const tag of tags) {
    // Our own server-rendered star charts and icons are the only SVG allowed, our own figures the only images.
    assert.doesNotMatch(tag, /^<(img(?! src="\/(static|figures)\/)|iframe|svg(?! class="(sparkline|star-chart|icon)")|b )/i, `${where}: injected element ${tag}`);
    assert.doesNotMatch(tag, /(href|src|action)="\s*javascript:/i, `${where}: javascript: URL in ${tag}`);
    // Attribute values are quoted with " escaped inside, so what remains outside quotes are names.
    const names = tag.replace(/="[^"]*"/g, '=""');
    assert.doesNotMatch(names, /\son\w+=/i, `${where}: event handler in ${tag}`);
  }
  const scripts = tags.filter((t) => /^<script/i.test(t));
  assert.deepEqual(scripts, ['<script src="/static/app.js" defer="">'], `${where}: only our own script`);
}

test('hostile text renders as visible, escaped text on every page', async () => {
  for (const path of PAGES) {
    const res = await fx.app.request(path);
    assert.equal(res.status, 200, path);
    const html = await res.text();
    assertInert(html, path);
    assert.ok(html.includes('&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt; &quot;&gt;&lt;img src=x onerror=alert(1)&gt;'), `${path}: the title is shown as typed`);
  }
  const paper = await (await fx.app.request(`/papers/${XSS_ID}`)).text();
  assert.ok(paper.includes('<mo>&lt;</mo>'), 'TeX in the abstract is math');
  assert.ok(paper.includes(' and &lt;/p&gt;&lt;script&gt;'), 'markup in the abstract is text');
  assert.ok(paper.includes('&lt;b onmouseover=alert(4)&gt;Mallory&lt;/b&gt;'));
  assert.doesNotMatch(paper, /Code: /, 'a javascript: code URL is not linked');
  assert.doesNotMatch(paper, /Project page/, 'nor a javascript: project page');
});

test('the Markdown export neutralises markup and links', async () => {
  const full = await (await fx.app.request(`/papers/${XSS_ID}.md`)).text();
  // The BibTeX entry sits in a fenced code block, which Markdown shows literally.
  const fence = /```bibtex\n[^`]*\n```\n/;
  assert.match(full, fence);
  const md = full.replace(fence, '');
  assert.doesNotMatch(md, /<script|<img|<b |<iframe/i);
  assert.doesNotMatch(md, /(?<!\\)\]\(javascript:/i, "brackets are escaped, so no link forms");
  assert.doesNotMatch(md, /<javascript:/i);
  assert.match(md, /^# &lt;script&gt;alert\("t"\)&lt;\/script&gt;/);
});

test('API answers carry the text unchanged as JSON strings, never a javascript: link', async () => {
  for (const path of ['/api/daily_papers', `/api/papers/${XSS_ID}`, '/api/papers/trending']) {
    const res = await fx.app.request(path);
    assert.equal(res.status, 200, path);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    const raw = await res.text();
    assert.doesNotMatch(raw, /<script|<img|javascript:alert\(5\)|javascript:alert\(6\)/i, `${path}: no raw markup bytes`);
    const body = JSON.parse(raw);
    const json = JSON.stringify(body);
    assert.ok(json.includes(JSON.stringify(XSS_TITLE).slice(1, -1)), `${path}: the title round-trips exactly`);
  }
  const paper = await (await fx.app.request(`/api/papers/${XSS_ID}`)).json();
  assert.deepEqual(paper.codeUrls, []);
  assert.deepEqual(paper.projectUrls, []);
  const daily = await (await fx.app.request('/api/daily_papers')).json();
  const item = daily.find((i: { paper: { id: string } }) => i.paper.id === XSS_ID);
  assert.equal(item.paper.githubRepo, null);
  assert.equal(item.paper.projectPage, null);
});
