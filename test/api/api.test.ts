// The JSON API: Hugging Face's daily_papers shape, paging with Link, errors, CORS, ETag/304, OpenAPI.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sqliteTestDatabase } from '../helpers/db.ts';
import { demoDayText } from '../helpers/fixtures.ts';
import { openWebFixture, PUBLIC_URL, type WebFixture } from '../helpers/web-app.ts';
import { createApp } from '../../src/web/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createSearchService } from '../../src/search/service.ts';

let fx: WebFixture;
before(async () => {
  fx = await openWebFixture();
});
after(async () => fx?.close());

const get = (path: string, headers: Record<string, string> = {}) => fx.app.request(path, { headers });

/** JSON type of a value, with null standing for "any" (HF omits or nulls optional fields). */
const typeOf = (v: unknown) => (v === null || v === undefined ? null : Array.isArray(v) ? 'array' : typeof v);

test('daily_papers items have the keys and types of the real Hugging Face response', async () => {
  const real = JSON.parse(demoDayText('2025-12-31'))[1];
  const res = await get('/api/daily_papers?date=2025-12-31');
  assert.equal(res.status, 200);
  const items = await res.json();
  assert.equal(items.length, 4);
  const ours = items.find((i: { paper: { id: string } }) => i.paper.id === real.paper.id);
  for (const key of ['publishedAt', 'title', 'summary', 'numComments']) assert.equal(typeOf(ours[key]), typeOf(real[key]), key);
  for (const key of ['_id', 'name', 'fullname', 'type']) assert.equal(ours.submittedBy[key], real.submittedBy[key], `submittedBy.${key}`);
  assert.equal(ours.submittedBy.avatarUrl, new URL(real.submittedBy.avatarUrl, 'https://huggingface.co').href, 'avatar made absolute');
  for (const key of ['_id', 'user', 'fullname', 'type']) assert.equal(ours.paper.submittedOnDailyBy[key], real.paper.submittedOnDailyBy[key], `paper.submittedOnDailyBy.${key}`);
  assert.equal(ours.paper.submittedOnDailyAt, real.paper.submittedOnDailyAt);
  assert.deepEqual(ours.organization ?? null, real.organization ?? null);
  for (const key of ['id', 'title', 'summary', 'publishedAt', 'upvotes', 'githubRepo', 'githubStars', 'ai_summary', 'ai_keywords']) {
    const [a, b] = [typeOf(ours.paper[key]), typeOf(real.paper[key])];
    if (a !== null && b !== null) assert.equal(a, b, `paper.${key}`);
    assert.ok(key in ours.paper, `paper.${key} present`);
  }
  assert.deepEqual(ours.paper.authors, real.paper.authors.map((a: { name: string; hidden: boolean }) => ({ name: a.name, hidden: a.hidden })));
  assert.equal(ours.paper.githubRepo, real.paper.githubRepo);
  assert.equal(ours.paper.githubStars, real.paper.githubStars);
  assert.equal(ours.paper.upvotes, real.paper.upvotes);
  assert.equal(ours.paper.publishedAt, real.paper.publishedAt);
});

test('daily_papers defaults to the latest day, takes week/month, sorts, and pages with a Link header', async () => {
  const latest = await (await get('/api/daily_papers')).json();
  assert.equal(latest.length, 4, 'the latest day with papers, not an empty today');
  const first = await get('/api/daily_papers?week=2025-W52&limit=20');
  assert.equal(first.headers.get('x-total-count'), '33');
  assert.equal(first.headers.get('link'), `<${PUBLIC_URL}/api/daily_papers?week=2025-W52&p=1&limit=20>; rel="next"`);
  const page1 = await (await get('/api/daily_papers?week=2025-W52&p=1&limit=20')).json();
  assert.equal(page1.length, 13);
  const last = await get('/api/daily_papers?week=2025-W52&p=1&limit=20');
  assert.equal(last.headers.get('link'), null, 'no next page after the last');
  const upvotes = ((await first.json()) as { paper: { upvotes: number } }[]).map((i) => i.paper.upvotes);
  assert.deepEqual(upvotes, [...upvotes].sort((a, b) => b - a), 'trending (interim: upvotes) order');
  const byDate = ((await (await get('/api/daily_papers?month=2025-12&sort=publishedAt&limit=100')).json()) as { publishedAt: string }[]).map((i) => i.publishedAt);
  assert.equal(byDate.length, 50);
  assert.deepEqual(byDate, [...byDate].sort().reverse());
  assert.deepEqual(await (await get('/api/daily_papers?date=2025-12-25')).json(), [], 'a day without papers is an empty list');
});

test('daily_papers takes submitter: that handle\'s papers, on every day unless a period is given', async () => {
  const all = (await (await get('/api/daily_papers?month=2025-12&limit=100')).json()) as { paper: { id: string }; submittedBy: { name: string } }[];
  const counts = new Map<string, number>();
  for (const i of all) counts.set(i.submittedBy.name, (counts.get(i.submittedBy.name) ?? 0) + 1);
  const [busiest, n] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
  assert.ok(n > 1 && n < all.length, 'the fixture has a submitter with several papers, not all');
  const theirs = (await (await get(`/api/daily_papers?month=2025-12&limit=100&submitter=${busiest}`)).json()) as typeof all;
  assert.deepEqual(theirs.map((i) => i.paper.id).sort(), all.filter((i) => i.submittedBy.name === busiest).map((i) => i.paper.id).sort());
  const anyDay = await get(`/api/daily_papers?submitter=${busiest}&limit=1`);
  assert.equal(anyDay.headers.get('x-total-count'), String(n), 'without a period, every day (the fixture holds December only)');
  assert.equal(anyDay.headers.get('link'), `<${PUBLIC_URL}/api/daily_papers?submitter=${busiest}&p=1&limit=1>; rel="next"`);
  assert.deepEqual(await (await get('/api/daily_papers?submitter=nobody-here')).json(), []);
});

test('bad parameters and unknown ids get JSON errors with the right status', async () => {
  const cases: [string, number, RegExp][] = [
    ['/api/daily_papers?date=2025-02-30', 400, /date must be a real YYYY-MM-DD/],
    ['/api/daily_papers?date=yesterday', 400, /date/],
    ['/api/daily_papers?week=2025-W54', 400, /week must be a real YYYY-Www/],
    ['/api/daily_papers?month=2025-13', 400, /month/],
    ['/api/daily_papers?date=2025-12-31&week=2025-W52', 400, /only one of date, week, month/],
    ['/api/daily_papers?limit=-1', 400, /limit must be between 1 and 100, got -1/],
    ['/api/daily_papers?limit=1000', 400, /limit/],
    ['/api/daily_papers?p=abc', 400, /p must be an integer, got "abc"/],
    ['/api/daily_papers?sort=random', 400, /sort must be one of trending, publishedAt/],
    ['/api/daily_papers?submitter=%3Cb%3E', 400, /submitter must be a user name/],
    ['/api/papers/trending?window=year', 400, /window must be one of day, week, month/],
    ['/api/papers/trending?limit=0', 400, /limit/],
    ['/api/papers/2401.00000', 404, /no paper with id "2401.00000"/],
    ['/api/papers/abc', 404, /no paper with id "abc"/],
    ['/api/nothing', 404, /no such endpoint/],
  ];
  for (const [path, status, message] of cases) {
    const res = await get(path);
    assert.equal(res.status, status, path);
    assert.match(res.headers.get('content-type')!, /application\/json/, path);
    assert.match((await res.json()).error, message, path);
  }
});

test('a paper by id, and the trending list with its window', async () => {
  const paper = await (await get('/api/papers/2512.23675')).json();
  assert.equal(paper.title, 'End-to-End Test-Time Training for Long Context');
  assert.deepEqual(paper.codeUrls, ['https://github.com/test-time-training/e2e']);
  assert.equal(paper.githubRepo, 'https://github.com/test-time-training/e2e');
  assert.equal(typeof paper.authors[0].name, 'string', 'authors are objects, as on Hugging Face');
  assert.match(paper.publishedAt, /^\d{4}-\d{2}-\d{2}T/);
  assert.equal((await (await get('/api/papers/2512.23675v1')).json()).id, '2512.23675', 'versions are ignored');
  const trending = await (await get('/api/papers/trending?limit=3')).json();
  assert.equal(trending.window, 'week');
  assert.equal(trending.asOf, '2025-12-31');
  assert.equal(trending.from, '2025-12-25');
  assert.equal(trending.fellBack, true, 'the demo data ended long ago: ranked as of its latest day');
  assert.equal(trending.total, 16, 'the 17 papers featured that week, less one with neither upvotes nor stars');
  type Item = { rank: number; score: number; explanation: string; parts: { stars: number; upvotes: number }; paper: { id: string } };
  const items: Item[] = trending.papers;
  assert.deepEqual(items.map((p) => [p.rank, p.paper.id]), [[1, '2512.23675'], [2, '2512.22118'], [3, '2512.21675']]);
  assert.equal(items[0]!.explanation, '+80 stars this week · 2 upvotes · 2 days old');
  assert.deepEqual([items[0]!.parts.stars, items[0]!.parts.upvotes], [80, 2]);
  assert.ok(items[0]!.score > items[1]!.score && items[1]!.score > items[2]!.score);
  const past = await (await get('/api/papers/trending?window=day&at=2025-12-29')).json();
  assert.equal(past.asOf, '2025-12-29');
  assert.equal(past.fellBack, false);
  assert.equal(past.total, 12, 'as of the end of the 29th: that day’s 13 papers, less the one with no upvotes and no code');
  assert.equal((await get('/api/papers/trending?at=2025-13-01')).status, 400);
});

test('GET answers allow any origin, carry a weak ETag and Cache-Control, and revalidate with 304', async () => {
  const res = await get('/api/daily_papers', { origin: 'https://elsewhere.example' });
  assert.equal(res.headers.get('access-control-allow-origin'), '*');
  assert.match(res.headers.get('cache-control')!, /public, max-age=\d+/);
  const etag = res.headers.get('etag')!;
  assert.match(etag, /^W\/"[^"]+"$/);
  assert.equal(res.headers.get('set-cookie'), null, 'no cookie on cacheable API answers');
  const again = await get('/api/daily_papers', { 'if-none-match': etag });
  assert.equal(again.status, 304);
  assert.equal(await again.text(), '');
  const other = await get('/api/daily_papers?date=2025-12-29', { 'if-none-match': etag });
  assert.equal(other.status, 200, 'another body, another tag');
  const preflight = await fx.app.request('/api/daily_papers', {
    method: 'OPTIONS',
    headers: { origin: 'https://elsewhere.example', 'access-control-request-method': 'GET' },
  });
  assert.equal(preflight.status, 204);
  assert.match(preflight.headers.get('access-control-allow-methods')!, /GET/);
  assert.doesNotMatch(preflight.headers.get('access-control-allow-methods')!, /POST/);
});

/** Routes of the route table under /api that the document does not describe (with a summary and responses), and documented operations no route serves. */
function openApiMismatches(routes: { method: string; path: string }[], doc: { paths: Record<string, Record<string, { summary?: string; responses?: object }>> }): string[] {
  const served = new Set<string>();
  const problems: string[] = [];
  for (const r of routes) {
    // Middleware (app.use) is registered as ALL on a wildcard path: not an endpoint.
    if (!r.path.startsWith('/api/') || r.method === 'ALL' || r.path.includes('*')) continue;
    const template = r.path.replace(/:(\w+)(\{[^}]*\})?/g, '{$1}');
    const method = r.method.toLowerCase();
    served.add(`${method} ${template}`);
    const op = doc.paths[template]?.[method];
    if (!op?.summary || !op.responses) problems.push(`${r.method} ${template} is not described`);
  }
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const method of Object.keys(ops)) if (!served.has(`${method} ${path}`)) problems.push(`${method.toUpperCase()} ${path} is described but not served`);
  }
  return problems;
}

test('the OpenAPI document describes exactly the /api routes of the route table', async (t) => {
  const opened = await sqliteTestDatabase().open();
  t.after(() => opened.close());
  // The full route table: search routes exist only with a search service.
  const app = createApp({ db: opened.db, config: loadConfig({ DEMO_DIR: '', PUBLIC_URL }), search: createSearchService(opened.db, { refreshMs: -1 }) });
  const doc = await (await app.request('/api/openapi.json')).json();
  assert.equal(doc.openapi, '3.1.0');
  assert.equal(doc.servers[0].url, PUBLIC_URL);
  assert.deepEqual(openApiMismatches(app.routes, doc), []);
  assert.ok(doc.paths['/api/subscriptions'].post, 'the subscription API is described');
  // The check is not vacuous: a route added without a description, or a description left behind, is caught.
  assert.deepEqual(openApiMismatches([...app.routes, { method: 'GET', path: '/api/papers/:id{[0-9.]+}/comments' }], doc), ['GET /api/papers/{id}/comments is not described']);
  assert.deepEqual(openApiMismatches(app.routes.filter((r) => r.path !== '/api/search'), doc), ['GET /api/search is described but not served']);
  const daily = doc.paths['/api/daily_papers'].get;
  assert.deepEqual(daily.parameters.map((p: { name: string }) => p.name), ['date', 'week', 'month', 'sort', 'submitter', 'p', 'limit']);
  assert.ok(daily.responses['200'].headers.Link);
  assert.equal(daily.responses['400'].content['application/json'].schema.$ref, '#/components/schemas/Error');
  // Every $ref points at a defined schema.
  const refs = JSON.stringify(doc).match(/#\/components\/schemas\/\w+/g)!;
  for (const r of new Set(refs)) assert.ok(doc.components.schemas[r.split('/').pop()!], r);
});
