// /healthz, /readyz, /metrics and the JSON request log with request ids, on both databases.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { testDatabases, type OpenedTestDb, type TestDatabase } from '../helpers/db.ts';
import { sql } from '../../src/db/db.ts';
import { loadConfig } from '../../src/config.ts';
import { createApp } from '../../src/web/app.ts';
import { createLogger } from '../../src/logging.ts';
import { createSearchService } from '../../src/search/service.ts';
import { upsertPapers } from '../../src/store/papers.ts';
import { CORPUS } from '../helpers/search-corpus.ts';

/** A logger writing into an array of parsed JSON lines. */
function capturedLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new PassThrough();
  let rest = '';
  stream.on('data', (chunk: Buffer) => {
    const parts = (rest + chunk.toString('utf8')).split('\n');
    rest = parts.pop()!;
    for (const p of parts) if (p) lines.push(JSON.parse(p));
  });
  return { logger: createLogger('info', stream), lines };
}

const settle = () => new Promise((r) => setImmediate(r));

for (const database of testDatabases()) {
  describe(`operations endpoints (${database.name})`, () => {
    let t: OpenedTestDb;
    before(async () => {
      t = await database.open();
      await upsertPapers(t.db, CORPUS);
    });
    after(() => t.close());

    test('/healthz is up; /readyz checks the database, migrations and the search index', async () => {
      let indexReady = false;
      const app = createApp({ db: t.db, config: loadConfig({ DEMO_DIR: '' }), searchReady: () => indexReady });
      const health = await app.request('/healthz');
      assert.equal(health.status, 200);
      assert.deepEqual(await health.json(), { status: 'ok' });
      const building = await app.request('/readyz');
      assert.equal(building.status, 503);
      const body = await building.json();
      assert.equal(body.checks.searchIndex.detail, 'building');
      assert.equal(body.checks.database.ok, true);
      assert.equal(body.checks.migrations.detail, 'current');
      indexReady = true;
      assert.equal((await app.request('/readyz')).status, 200);
    });

    test('/readyz names a migration the database lacks', async () => {
      const app = createApp({ db: t.db, config: loadConfig({ DEMO_DIR: '' }) });
      const last = (await t.db.get<{ version: number; name: string; applied_at: number }>(sql`SELECT version, name, applied_at FROM schema_migrations ORDER BY version DESC LIMIT 1`))!;
      await t.db.run(sql`DELETE FROM schema_migrations WHERE version = ${last.version}`);
      try {
        const res = await app.request('/readyz');
        assert.equal(res.status, 503);
        assert.match((await res.json()).checks.migrations.detail, new RegExp(`not applied: 0*${Number(last.version)}_${last.name}`));
      } finally {
        await t.db.run(sql`INSERT INTO schema_migrations (version, name, applied_at) VALUES (${last.version}, ${last.name}, ${last.applied_at})`);
      }
    });

    test('/metrics has request latency per route pattern, queue depths and the index size', async () => {
      const search = createSearchService(t.db, { refreshMs: -1 });
      await search.rebuild();
      const app = createApp({ db: t.db, config: loadConfig({ DEMO_DIR: '' }), search });
      for (const id of ['2401.00001', '2402.00003', '2403.00005']) assert.equal((await app.request(`/papers/${id}`)).status, 200);
      assert.equal((await app.request('/nowhere')).status, 404);
      const res = await app.request('/metrics');
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^text\/plain/);
      const text = await res.text();
      assert.match(text, /paperboy_http_request_duration_seconds_count\{method="GET",route="\/papers\/:id",status="200"\} 3/);
      assert.match(text, /paperboy_http_request_duration_seconds_count\{method="GET",route="unmatched",status="404"\} 1/);
      assert.match(text, /paperboy_digest_outbox_pending 0/);
      assert.match(text, /paperboy_jobs\{state="due"\} 0/);
      assert.match(text, new RegExp(`paperboy_search_index_papers ${CORPUS.length}`));
    });

    test('METRICS_TOKEN guards /metrics', async () => {
      const app = createApp({ db: t.db, config: loadConfig({ DEMO_DIR: '', METRICS_TOKEN: 'scrape-secret' }) });
      assert.equal((await app.request('/metrics')).status, 401);
      assert.equal((await app.request('/metrics', { headers: { authorization: 'Bearer wrong' } })).status, 401);
      assert.equal((await app.request('/metrics', { headers: { authorization: 'Bearer scrape-secret' } })).status, 200);
    });

    test('each request logs one JSON line with its id (also in X-Request-Id), route and status; link tokens stay out', async () => {
      const { logger, lines } = capturedLogger();
      const app = createApp({ db: t.db, config: loadConfig({ DEMO_DIR: '' }), logger });
      const res = await app.request('/papers/2401.00001');
      const id = res.headers.get('x-request-id')!;
      assert.match(id, /^[0-9a-f-]{36}$/);
      const token = 'B'.repeat(43);
      await app.request(`/subscribe/confirm/${token}`);
      const kept = await app.request('/about', { headers: { 'x-request-id': 'proxy-assigned-1234' } });
      assert.equal(kept.headers.get('x-request-id'), 'proxy-assigned-1234');
      await settle();
      const line = lines.find((l) => l.reqId === id)!;
      assert.equal(line.route, '/papers/:id');
      assert.equal(line.status, 200);
      assert.equal(line.msg, 'request');
      assert.ok(!JSON.stringify(lines).includes(token), 'a link token never reaches the log');
      assert.ok(lines.some((l) => l.path === '/subscribe/confirm/:token'));
      assert.ok(lines.some((l) => l.reqId === 'proxy-assigned-1234'));
    });
  });
}

describe('an unreachable database', () => {
  const database: TestDatabase = testDatabases()[0];
  test('makes /readyz answer 503 and a page 500, logged as an error with the request id', async () => {
    const t = await database.open();
    const { logger, lines } = capturedLogger();
    const app = createApp({ db: t.db, config: loadConfig({ DEMO_DIR: '' }), logger });
    await t.close();
    const ready = await app.request('/readyz');
    assert.equal(ready.status, 503);
    assert.match((await ready.json()).checks.database.detail, /^unreachable: /);
    assert.equal((await app.request('/healthz')).status, 200, 'the process itself is still up');
    const page = await app.request('/papers');
    assert.equal(page.status, 500);
    const id = page.headers.get('x-request-id');
    await settle();
    const errors = lines.filter((l) => l.level === 50 && l.reqId === id);
    assert.ok(errors.some((l) => (l.err as { message?: string })?.message), 'the error, with its message, under the request id');
  });
});
