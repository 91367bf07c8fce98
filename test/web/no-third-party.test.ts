// Visitors' browsers load nothing from another host: every image, script, stylesheet, icon and
// font a page (or our stylesheet) asks for is on this site, although the imported data names
// Hugging Face's thumbnails and avatars. (The browser test checks the same on live pages.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { openWebFixture, PUBLIC_URL, type WebFixture } from '../helpers/web-app.ts';

const skip = false; // the fixture days come from data/demo
let fx: WebFixture;
before(async () => {
  if (!skip) fx = await openWebFixture();
});
after(async () => fx?.close());

const PAGES = ['/', '/?window=month', '/papers', '/papers/date/2025-12-29', '/papers/week/2025-W52', '/papers/month/2025-12', '/about', '/signin', '/subscribe'];

/** URLs the browser fetches by itself: src of any element, and link rel=stylesheet/icon/manifest/preload. */
function loadedUrls(html: string): string[] {
  const urls: string[] = [];
  for (const m of html.matchAll(/<(img|script|iframe|source|video|audio|embed|input)\b[^>]*?\ssrc(?:set)?="([^"]*)"/gi)) urls.push(m[2]!);
  for (const m of html.matchAll(/<link\b([^>]*)>/gi)) {
    const rel = /\srel="([^"]*)"/.exec(m[1]!)?.[1] ?? '';
    if (/stylesheet|icon|manifest|preload|modulepreload|prefetch/.test(rel)) urls.push(/\shref="([^"]*)"/.exec(m[1]!)?.[1] ?? '');
  }
  for (const m of html.matchAll(/url\(\s*['"]?([^'")]+)/gi)) urls.push(m[1]!);
  return urls;
}

const ours = (url: string) => url.startsWith('/') ? !url.startsWith('//') : url.startsWith(`${PUBLIC_URL}/`) || url.startsWith('data:');

test('no page makes the browser load anything from another host', { skip }, async () => {
  let checked = 0;
  const first = /href="(\/papers\/\d{4}\.\d{4,5})"/.exec(await (await fx.app.request('/papers/date/2025-12-29')).text())![1]!;
  for (const path of [...PAGES, first]) {
    const res = await fx.app.request(path);
    assert.equal(res.status, 200, path);
    const html = await res.text();
    const urls = loadedUrls(html);
    assert.ok(urls.some((u) => u.startsWith('/figures/') || path === '/about' || path === '/signin' || path === '/subscribe'), `${path}: has figures`);
    assert.deepEqual(urls.filter((u) => !ours(u)), [], `${path}: third-party loads`);
    // Link previews point at our copy of the figure, on our host.
    for (const m of html.matchAll(/<meta (?:property|name)="(?:og|twitter):image" content="([^"]*)"/g)) assert.ok(m[1]!.startsWith(`${PUBLIC_URL}/figures/`), m[1]);
    checked += urls.length;
  }
  assert.ok(checked > 100);
  const css = readFileSync(new URL('../../src/web/static/app.css', import.meta.url), 'utf8');
  assert.deepEqual(loadedUrls(css).filter((u) => !ours(u)), [], 'stylesheet: third-party loads');
  // The recorded data does name third-party pictures: they must not leak through.
  const day = await (await fx.app.request('/papers/date/2025-12-29')).text();
  assert.doesNotMatch(day, /huggingface\.co/);
});
