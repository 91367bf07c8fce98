// The arXiv OAI-PMH harvester, the arXiv API client and the HF day fetcher against the real
// recorded responses, served by a local HTTP server; waits are recorded, not slept.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { testDatabases, type OpenedTestDb } from '../helpers/db.ts';
import { demoDayText, fixtures } from '../helpers/fixtures.ts';
import { PoliteClient, parseRetryAfter } from '../../src/ingest/polite-client.ts';
import { harvestOai, oaiStateName } from '../../src/ingest/oai-harvest.ts';
import { fetchArxivPaper } from '../../src/ingest/arxiv-client.ts';
import { harvestHfDay } from '../../src/ingest/hf-harvest.ts';
import { getHarvestState } from '../../src/store/harvest-state.ts';
import { countPapers, getPaper } from '../../src/store/papers.ts';
import { InputError } from '../../src/errors.ts';

const oai = (f: string) => readFileSync(`${fixtures}arxiv-oai-pmh/oaipmh-${f}`, 'utf8');

type Handler = (req: IncomingMessage, res: ServerResponse, n: number) => void;

/** A local server answering with `handler`; records every request URL. */
async function serve(handler: Handler) {
  const urls: string[] = [];
  const server = createServer((req, res) => {
    urls.push(req.url!);
    handler(req, res, urls.length);
  });
  server.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, urls, close: () => new Promise((r) => server.close(r)) };
}

/** A client that records its waits instead of sleeping, on a fake clock. */
function recordingClient() {
  const waits: number[] = [];
  let clock = 1_000_000;
  const client = new PoliteClient({
    minIntervalMs: 3000,
    jitterMs: 0,
    retries: 2,
    backoffMs: 100,
    sleep: async (ms) => {
      waits.push(ms);
      clock += ms;
    },
    now: () => clock,
  });
  return { client, waits };
}

const page1 = () =>
  oai('listrecords---should-list-identifiers-from-arxiv.de388c7.1.status200.xml').replace(
    '</ListRecords>',
    '<resumptionToken cursor="0" completeListSize="4">token-1</resumptionToken></ListRecords>',
  );
const page2 = () => oai('listrecords---should-list-identifiers-from-arxiv.aae5d60.1.status200.xml');
const busy = () => oai('listrecords---should-list-identifiers-from-arxiv.aae5d60.0.status503.xml');

test('Retry-After in seconds or as an HTTP date', () => {
  assert.equal(parseRetryAfter('20', 0), 20_000);
  assert.equal(parseRetryAfter(new Date(30_000).toUTCString(), 0), 30_000);
  assert.equal(parseRetryAfter(null, 0), null);
  assert.equal(parseRetryAfter('soon', 0), null);
});

for (const database of testDatabases()) {
  describe(`harvest on ${database.name}`, () => {
    let t: OpenedTestDb;
    before(async () => {
      t = await database.open();
    });
    after(async () => t.close());

    test('OAI-PMH: waits out a 503 Retry-After, pages by resumption token, keeps 3 s between requests', async () => {
      const srv = await serve((req, res, n) => {
        if (n === 1) res.writeHead(503, { 'retry-after': '20', 'content-type': 'text/html' }).end(busy());
        else if (req.url!.includes('resumptionToken=token-1')) res.writeHead(200).end(page2());
        else res.writeHead(200).end(page1());
      });
      try {
        const { client, waits } = recordingClient();
        const s = await harvestOai(t.db, client, { baseUrl: `${srv.base}/oai`, set: 'cs', from: '2015-01-01', until: '2015-01-03' });
        assert.equal(s.complete, true);
        assert.equal(s.pages, 2);
        assert.equal(s.records, 4);
        assert.equal(s.new, 2);
        assert.ok(await getPaper(t.db, 'hep-th/9504118'));
        assert.match(srv.urls[0], /verb=ListRecords&metadataPrefix=arXiv&set=cs&from=2015-01-01&until=2015-01-03/);
        assert.equal(srv.urls.length, 3);
        assert.ok(waits.includes(20_000), `waits ${waits}`);
        // After the 20 s wait the next request is due at once; the one after waits the 3 s gap.
        assert.deepEqual(waits.filter((w) => w !== 20_000), [3000]);
        const state = await getHarvestState(t.db, oaiStateName('cs', 'arXiv'));
        assert.equal(state?.token, null);
        assert.equal(state?.harvested, 4);
      } finally {
        await srv.close();
      }
    });

    test('OAI-PMH: a crash after page 1 resumes from the stored token', async () => {
      let healthy = false;
      const srv = await serve((req, res) => {
        if (req.url!.includes('resumptionToken')) {
          if (healthy) res.writeHead(200).end(page2());
          else res.writeHead(500).end('boom');
        } else res.writeHead(200).end(page1());
      });
      try {
        const opts = { baseUrl: `${srv.base}/oai`, set: 'math', from: '2015-01-01' };
        await assert.rejects(harvestOai(t.db, recordingClient().client, opts), (e) => e instanceof InputError && /HTTP 500 after 3 attempts/.test(e.message));
        assert.equal((await getHarvestState(t.db, oaiStateName('math', 'arXiv')))?.token, 'token-1');
        healthy = true;
        srv.urls.length = 0;
        const s = await harvestOai(t.db, recordingClient().client, opts);
        assert.equal(s.resumed, true);
        assert.equal(s.complete, true);
        assert.match(srv.urls[0], /resumptionToken=token-1/);
        assert.equal((await getHarvestState(t.db, oaiStateName('math', 'arXiv')))?.harvested, 4);
      } finally {
        await srv.close();
      }
    });

    test('OAI-PMH: stops after N pages without records; noRecordsMatch is an empty harvest', async () => {
      const empty = (n: number) => `<?xml version="1.0"?><OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><ListRecords><resumptionToken>t${n}</resumptionToken></ListRecords></OAI-PMH>`;
      const srv = await serve((req, res, n) => {
        if (req.url!.includes('set=none')) res.writeHead(200).end('<?xml version="1.0"?><OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><error code="noRecordsMatch">none</error></OAI-PMH>');
        else res.writeHead(200).end(empty(n));
      });
      try {
        const s = await harvestOai(t.db, recordingClient().client, { baseUrl: srv.base, set: 'loop', maxEmptyPages: 3 });
        assert.equal(s.pages, 3);
        assert.match(s.stoppedBecause ?? '', /3 pages in a row without records/);
        const none = await harvestOai(t.db, recordingClient().client, { baseUrl: srv.base, set: 'none' });
        assert.deepEqual([none.records, none.complete], [0, true]);
      } finally {
        await srv.close();
      }
    });

    test('arXiv API: fetchArxivPaper by id or URL; unknown id is null; a malformed id answered 400 is a clear error', async () => {
      const api = (f: string) => JSON.parse(readFileSync(`${fixtures}arxiv-api/2026/${f}`, 'utf8'));
      const srv = await serve((req, res) => {
        const id = new URL(req.url!, 'http://x').searchParams.get('id_list');
        const rec =
          id === '2104.12255v1' ? api('id_2104.12255v1_s0_m100_6ae69987ffe1.json')
          : id === 'astro-ph/0601001' ? api('id_astro-ph_0601001_s0_m100_3150dca9dc76.json')
          : id === '0000.0000' ? api('id_0000.0000_s0_m100_8b51d9633a68.json')
          : api('id_abc_s0_m100_b79c8dcf6bc3.json');
        res.writeHead(rec.status_code, { 'content-type': 'application/atom+xml' }).end(rec.body);
      });
      try {
        const { client } = recordingClient();
        const p = await fetchArxivPaper(client, `${srv.base}/api/query`, 'https://arxiv.org/abs/2104.12255v1');
        assert.equal(p?.id, '2104.12255');
        assert.equal(p?.title, '0');
        assert.equal((await fetchArxivPaper(client, `${srv.base}/api/query`, 'arXiv:astro-ph/0601001'))?.id, 'astro-ph/0601001');
        assert.equal(await fetchArxivPaper(client, `${srv.base}/api/query`, '0000.0000'), null);
        await assert.rejects(fetchArxivPaper(client, `${srv.base}/api/query`, 'abc'), /not an arXiv id/);
        // A server that answers 400 with its error feed: the message says why.
        srv.urls.length = 0;
        await assert.rejects(fetchArxivPaper(client, `${srv.base}/api/query`, '9999.99999'), /incorrect id format for abc/);
      } finally {
        await srv.close();
      }
    });

    test('HF Daily Papers: one day fetched and stored with its featured day', async () => {
      const day = demoDayText('2025-12-30');
      const srv = await serve((req, res) => {
        if (req.url === '/api/daily_papers?date=2025-12-30') res.writeHead(200, { 'content-type': 'application/json' }).end(day);
        else res.writeHead(404).end('{}');
      });
      try {
        const before = await countPapers(t.db);
        const s = await harvestHfDay(t.db, recordingClient().client, `${srv.base}/api`, '2025-12-30');
        assert.equal(s.read, JSON.parse(day).length);
        assert.equal(await countPapers(t.db), before + s.new);
        assert.equal((await getPaper(t.db, '2512.23447'))?.daily?.featuredOn, '2025-12-30');
        await assert.rejects(harvestHfDay(t.db, recordingClient().client, `${srv.base}/api`, '2025-12-31'), /HTTP 404/);
      } finally {
        await srv.close();
      }
    });
  });
}

test('CLI: harvest arxiv and hf against local servers; bad options are usage errors', async () => {
  const { runCli } = await import('../helpers/cli.ts');
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dir = mkdtempSync(join(tmpdir(), 'pb-harvest-'));
  const day = demoDayText('2025-12-30');
  const srv = await serve((req, res) => {
    if (req.url!.startsWith('/api/daily_papers')) res.writeHead(200).end(day);
    else res.writeHead(200).end(page2());
  });
  const saved = { ...process.env };
  Object.assign(process.env, {
    DATABASE_URL: `sqlite:${join(dir, 'h.db')}`,
    ARXIV_OAI_URL: `${srv.base}/oai`,
    ARXIV_MIN_INTERVAL_MS: '0',
    HF_API_URL: `${srv.base}/api`,
  });
  const run = (...args: string[]) => runCli(args);
  try {
    const a = await run('harvest', 'arxiv', '--set', 'cs', '--from', '2015-01-01');
    assert.equal(a.code, 0);
    assert.match(a.out, /harvested 2 papers in 1 pages: 2 new/);
    assert.match(srv.urls[0], /set=cs&from=2015-01-01/);
    const b = await run('harvest', 'hf', '--date', '2025-12-30');
    assert.match(b.out, /harvested \d+ papers: \d+ new/);
    assert.equal((await run('harvest', '--from', '2015-13-01')).code, 2);
    assert.equal((await run('harvest', 'hf')).code, 2);
  } finally {
    for (const k of ['DATABASE_URL', 'ARXIV_OAI_URL', 'ARXIV_MIN_INTERVAL_MS', 'HF_API_URL']) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
    await srv.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

describe('the scheduled arXiv harvest', () => {
  for (const database of testDatabases()) {
    test(`continues from the last day it harvested, page by page, on ${database.name}`, async () => {
      const { harvestArxivIncremental } = await import('../../src/ingest/scheduled-harvest.ts');
      const { loadConfig } = await import('../../src/config.ts');
      const srv = await serve((req, res, n) => res.writeHead(200, { 'content-type': 'text/xml' }).end(n === 1 ? page1() : page2()));
      const t = await database.open();
      try {
        const config = loadConfig({ ARXIV_OAI_URL: `${srv.base}/oai`, ARXIV_MIN_INTERVAL_MS: '0', ARXIV_SETS: 'cs', DEMO_DIR: '' });
        const first = await harvestArxivIncremental(t.db, config, Date.UTC(2026, 11, 7, 3));
        assert.match(first, /^cs from 2026-12-06: 4 records \(2 new, 0 updated\)$/);
        assert.match(srv.urls[0], /metadataPrefix=arXiv&set=cs&from=2026-12-06/, 'the first run asks for yesterday on');
        assert.match(srv.urls[1], /resumptionToken=token-1/);
        assert.equal(await countPapers(t.db), 2, "the two recorded pages hold the same two papers");
        const second = await harvestArxivIncremental(t.db, config, Date.UTC(2026, 11, 8, 3));
        assert.match(srv.urls[2], /set=cs&from=2026-12-07/, 'the next run starts at the day the last one ran');
        assert.match(second, /^cs from 2026-12-07: \d+ records \(0 new/);
      } finally {
        await t.close();
        await srv.close();
      }
    });
  }
});
