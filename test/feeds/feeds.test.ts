// Every feed, in every format, parsed by a real feed parser (feedsmith) and a strict XML parser.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { parseAtomFeed, parseJsonFeed, parseRssFeed } from 'feedsmith';
import { SaxesParser } from 'saxes';
import { renderRss } from '../../src/feeds/render.ts';
import { openWebFixture, PUBLIC_URL, XSS_TITLE, type WebFixture } from '../helpers/web-app.ts';

let fx: WebFixture;
before(async () => {
  fx = await openWebFixture({ hostile: true });
});
after(async () => fx?.close());

function assertWellFormedXml(xml: string, where: string) {
  const parser = new SaxesParser();
  parser.on('error', (err) => assert.fail(`${where}: ${err.message}`));
  parser.write(xml).close();
}

interface Parsed {
  title: string;
  items: { title: string; url: string; summary: string }[];
}

async function fetchFeed(path: string): Promise<Parsed> {
  const res = await fx.app.request(path);
  assert.equal(res.status, 200, path);
  const body = await res.text();
  const type = res.headers.get('content-type')!;
  if (path.includes('.json')) {
    assert.match(type, /^application\/feed\+json/);
    const feed = parseJsonFeed(JSON.parse(body));
    assert.equal(feed.feed_url, PUBLIC_URL + path);
    return {
      title: feed.title!,
      items: (feed.items ?? []).map((i) => ({ title: i.title!, url: i.url!, summary: i.content_text! })),
    };
  }
  assertWellFormedXml(body, path);
  if (path.includes('.atom')) {
    assert.match(type, /^application\/atom\+xml/);
    const feed = parseAtomFeed(body);
    assert.equal(feed.links?.find((l) => l.rel === 'self')?.href, PUBLIC_URL + path);
    // feedsmith gives Atom text constructs as {value, type}; ours are all type="text" (never HTML).
    const text = (t: unknown) => {
      const c = t as { value: string; type: string };
      assert.equal(c.type, 'text', path);
      return c.value;
    };
    return {
      title: text(feed.title),
      items: (feed.entries ?? []).map((e) => ({ title: text(e.title), url: e.links![0]!.href!, summary: text(e.summary) })),
    };
  }
  assert.match(type, /^application\/rss\+xml/);
  const feed = parseRssFeed(body);
  return {
    title: feed.title!,
    items: (feed.items ?? []).map((i) => ({ title: i.title!, url: i.link!, summary: i.description! })),
  };
}

/** What a browser makes of escaped HTML text (the entities rssHtmlText writes). */
const unescapeHtml = (s: string) => s.replace(/&(lt|gt|quot|#39|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[e]!);

const FEEDS: [string, string, number][] = [
  ['/feeds/trending', 'Paperboy: trending papers', 17],
  ['/feeds/daily', 'Paperboy: daily papers', 5],
  ['/feeds/category/cs.CR', 'Paperboy: new in cs.CR', 1],
  ['/feeds/search', 'Paperboy: search "video generation"', -1],
];

test('trending, daily, category and search feeds parse as RSS 2.0, Atom 1.0 and JSON Feed 1.1 with absolute links', async () => {
  for (const [base, title, count] of FEEDS) {
    const results: Parsed[] = [];
    for (const ext of ['rss', 'atom', 'json']) {
      const path = `${base}.${ext}${base.endsWith('search') ? '?q=video%20generation' : ''}`;
      const feed = await fetchFeed(path);
      assert.equal(feed.title, title, path);
      if (count >= 0) assert.equal(feed.items.length, count, path);
      else assert.ok(feed.items.length > 0, `${path} finds something`);
      for (const item of feed.items) assert.match(item.url, new RegExp(`^${PUBLIC_URL}/papers/\\d{4}\\.\\d{4,5}$`), path);
      results.push(feed);
    }
    assert.deepEqual(results[1]!.items.map((i) => i.url), results[0]!.items.map((i) => i.url), `${base}: same items in every format`);
    assert.deepEqual(results[2]!.items.map((i) => i.title), results[0]!.items.map((i) => i.title));
  }
  const search = await fetchFeed('/feeds/search.rss?q=video%20generation');
  for (const item of search.items) assert.match(item.title.toLowerCase(), /video.*generation|generation.*video/);
});

test('hostile titles and abstracts arrive in feeds as the same plain text, never as markup', async () => {
  for (const ext of ['rss', 'atom', 'json']) {
    const raw = await (await fx.app.request(`/feeds/trending.${ext}`)).text();
    assert.doesNotMatch(raw, /<script|<img|<b onmouseover|<iframe/i, ext);
    const feed = await fetchFeed(`/feeds/trending.${ext}`);
    const item = feed.items[0]!;
    assert.equal(item.title, XSS_TITLE, `${ext}: the title round-trips as text`);
    if (ext === 'rss') {
      // RSS readers render <description> as HTML: it must hold the abstract escaped as HTML, no tags.
      assert.doesNotMatch(item.summary, /<[a-z/]/i, 'rss: no markup a reader would render');
      assert.match(unescapeHtml(item.summary), /<\/p><script>alert\("a"\)<\/script>/, 'rss: the abstract, shown literally');
    } else {
      assert.match(item.summary, /<\/p><script>alert\("a"\)<\/script>/, `${ext}: the abstract is text a reader shows literally`);
    }
  }
  const json = await (await fx.app.request('/feeds/trending.json')).json();
  assert.equal(json.items[0].external_url, undefined, 'a javascript: code link is dropped');
});

test('feed errors: unknown feeds and formats are 404, a search feed needs q', async () => {
  assert.equal((await fx.app.request('/feeds/nothing.rss')).status, 404);
  assert.equal((await fx.app.request('/feeds/trending.xml')).status, 404);
  assert.equal((await fx.app.request('/feeds/category/cs.CL.txt')).status, 404);
  assert.equal((await fx.app.request('/feeds/category/<script>.rss')).status, 404);
  const noQuery = await fx.app.request('/feeds/search.rss');
  assert.equal(noQuery.status, 400);
  assert.match((await noQuery.json()).error, /q is required/);
});

test('an RSS description that tries to close its CDATA section stays escaped text', () => {
  const summary = 'x ]]><img src=x onerror=alert(1)> <![CDATA[ &\u0000 end';
  const xml = renderRss({ title: 't', description: 'd ]]>', homeUrl: 'https://p.example/', feedUrl: 'https://p.example/f.rss', updated: 0, items: [{ url: 'https://p.example/papers/1', title: 't', summary, authors: [], date: 0, categories: [] }] });
  assertWellFormedXml(xml, 'rss');
  assert.doesNotMatch(xml, /<img/);
  const item = parseRssFeed(xml).items![0]!;
  assert.doesNotMatch(item.description!, /<[a-z!]/i);
  assert.equal(unescapeHtml(item.description!), 'x ]]><img src=x onerror=alert(1)> <![CDATA[ & end');
});
