// Listing rows as a researcher scans them: a figure and organisation served by this site, the
// submitter, comment and upvote counts, a date that agrees with the row's age, and a grid view
// the visitor picks once and keeps.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openWebFixture, type WebFixture } from '../helpers/web-app.ts';
import { WebClient } from '../helpers/web-client.ts';

const skip = false; // the fixture days come from data/demo
let fx: WebFixture;
before(async () => {
  if (!skip) fx = await openWebFixture();
});
after(async () => fx?.close());

const rowsOf = (html: string) => html.split(/<li class="paper-(?:row|card)">/).slice(1);
const DAY_MS = 86_400_000;

test('daily rows show figure, organisation, submitter and counts, all from this site', { skip }, async () => {
  const html = await (await fx.app.request('/papers/date/2025-12-29')).text();
  const rows = rowsOf(html);
  assert.ok(rows.length >= 10);
  for (const row of rows) {
    const id = /href="\/papers\/([^"#]+)"/.exec(row)![1];
    assert.match(row, new RegExp(`<img src="/figures/papers/${id.replace('.', '\\.')}/sm"`), `${id}: its figure`);
    assert.match(row, /▲<\/span> <span data-upvote-count="true">\d+<\/span>/, `${id}: upvotes`);
    assert.match(row, /<\/svg> \d+<span class="visually-hidden"> comments?<\/span>/, `${id}: comments`);
  }
  // 2512.23447 (Dec 30 in the recorded data) is not on this day; ByteDance Seed papers are on the 29th.
  assert.match(html, /<img src="\/figures\/orgs\/[A-Za-z0-9._-]+" alt="" width="16" height="16"/, 'organisation avatars from this site');
  assert.match(html, /submitted by [A-Za-z0-9_-]+/);
  assert.doesNotMatch(html, /https?:\/\/(cdn-thumbnails|cdn-uploads)\.huggingface\.co/, 'no third-party picture');
});

test("a trending row's date and its age agree", { skip }, async () => {
  const html = await (await fx.app.request('/')).text();
  const asOf = /as of <time datetime="(\d{4}-\d{2}-\d{2})">/.exec(html)![1];
  const end = Date.parse(`${asOf}T00:00:00Z`) + DAY_MS;
  let checked = 0;
  for (const row of rowsOf(html)) {
    const date = /<time datetime="(\d{4}-\d{2}-\d{2})"/.exec(row)?.[1];
    const age = /· (\d+) days? old<\/p>/.exec(row)?.[1];
    if (!date || !age) continue;
    // Published during day D, so at the end of the as-of day it is between (end − D − 1 day) and (end − D) old.
    const maxDays = (end - Date.parse(`${date}T00:00:00Z`)) / DAY_MS;
    assert.ok(Number(age) <= maxDays && Number(age) >= maxDays - 1, `dated ${date}, said ${age} days old as of ${asOf}`);
    checked++;
  }
  assert.ok(checked >= 10, `${checked} rows checked`);
});

test('the grid view is chosen once and remembered; the list stays for others', { skip }, async () => {
  const visitor = new WebClient(fx.app);
  const other = new WebClient(fx.app);
  assert.match((await visitor.get('/papers')).html, /<ol class="papers" aria-label/);
  const chose = await visitor.get('/view?mode=grid&next=%2Fpapers%3Fsort%3Dupvotes');
  assert.equal(chose.status, 303);
  assert.equal(chose.res.headers.get('location'), '/papers?sort=upvotes');
  for (const path of ['/papers', '/', '/papers/week/2025-W52']) {
    const { html } = await visitor.get(path);
    assert.match(html, /<ol class="papers grid"/, `${path}: grid`);
    assert.match(html, /<img src="\/figures\/papers\/[^"]+\/md" alt="" width="320" height="180"/, `${path}: large figures`);
    assert.match(html, /href="\/view\?mode=grid[^"]*" aria-current="true"/);
    // Someone else, same URL, same response cache: still the list.
    assert.match((await other.get(path)).html, /<ol class="papers" aria-label/, `${path}: others keep the list`);
  }
  await visitor.get('/view?mode=list&next=/');
  assert.match((await visitor.get('/papers')).html, /<ol class="papers" aria-label/);
  const away = await visitor.get('/view?mode=grid&next=https://evil.example/');
  assert.equal(away.res.headers.get('location'), '/', 'never redirects off the site');
});
