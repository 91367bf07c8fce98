// The OpenAI-compatible embedder against a local HTTP server: batching, auth, retries, errors.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { embeddingsUrl, openHttpEmbedder } from '../../src/search/embed-http.ts';
import { createSearchService } from '../../src/search/service.ts';
import { sqliteTestDatabase } from '../helpers/db.ts';
import { upsertPapers } from '../../src/store/papers.ts';
import { CORPUS } from '../helpers/search-corpus.ts';

/** A toy embedding: letter counts of a-h, so texts sharing letters point alike. */
function toyVector(text: string): number[] {
  const v = new Array(8).fill(0);
  for (const ch of text.toLowerCase()) {
    const i = ch.charCodeAt(0) - 97;
    if (i >= 0 && i < 8) v[i]++;
  }
  v[0] += 0.001;
  return v;
}

describe('HTTP embedder', () => {
  let server: Server;
  let base: string;
  const seen: { auth: string | undefined; model: string; inputs: number }[] = [];
  let failNext = 0;
  let status = 200;
  before(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        if (req.url !== '/v1/embeddings' || req.method !== 'POST') {
          res.writeHead(404).end();
          return;
        }
        if (failNext > 0) {
          failNext--;
          res.writeHead(503, { 'retry-after': '0' }).end('busy');
          return;
        }
        if (status !== 200) {
          res.writeHead(status, { 'content-type': 'application/json' }).end('{"error":"bad model"}');
          return;
        }
        const { input, model } = JSON.parse(body) as { input: string[]; model: string };
        seen.push({ auth: req.headers.authorization, model, inputs: input.length });
        // Answer out of order: clients must sort by index.
        const data = input.map((t, index) => ({ object: 'embedding', index, embedding: toyVector(t) })).reverse();
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ object: 'list', data, model }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  it('builds the endpoint URL from a base, a /v1 base or a full URL', () => {
    assert.equal(embeddingsUrl('http://h:1'), 'http://h:1/v1/embeddings');
    assert.equal(embeddingsUrl('http://h:1/v1/'), 'http://h:1/v1/embeddings');
    assert.equal(embeddingsUrl('http://h:1/api/embeddings'), 'http://h:1/api/embeddings');
  });

  it('embeds in batches with the model name and bearer key, in input order, unit length', async () => {
    seen.length = 0;
    const e = await openHttpEmbedder({ url: base, model: 'toy', apiKey: 'sk-test', batchSize: 2 });
    assert.equal(e.dim, 8);
    const vecs = await e.embed(['aaa', 'bbb', 'abab']);
    assert.equal(vecs.length, 3);
    assert.ok(vecs[0][0] > 0.99 && vecs[1][1] > 0.99, 'order kept');
    assert.ok(Math.abs(Math.hypot(...vecs[2]) - 1) < 1e-6);
    assert.deepEqual(seen.map((s) => s.inputs), [1, 2, 1], 'probe, then batches of 2');
    assert.ok(seen.every((s) => s.auth === 'Bearer sk-test' && s.model === 'toy'));
  });

  it('retries 503 answers, then succeeds', async () => {
    const e = await openHttpEmbedder({ url: base, model: 'toy', apiKey: null, backoffMs: 1 });
    failNext = 2;
    const [v] = await e.embed(['ccc']);
    assert.ok(v[2] > 0.99);
    assert.equal(failNext, 0);
  });

  it('gives up after the last attempt, and reports 4xx at once with the body', async () => {
    const e = await openHttpEmbedder({ url: base, model: 'toy', apiKey: null, backoffMs: 1, attempts: 2 });
    failNext = 5;
    await assert.rejects(e.embed(['x']), /answered 503/);
    failNext = 0;
    status = 400;
    await assert.rejects(e.embed(['x']), /answered 400: \{"error":"bad model"\}/);
    status = 200;
  });

  it('fails clearly when nothing listens', async () => {
    await assert.rejects(openHttpEmbedder({ url: 'http://127.0.0.1:9', model: null, apiKey: null, attempts: 1 }), /embedding request to .* failed/);
  });

  it('drives semantic search when configured instead of the built-in embedder', async () => {
    const t = await sqliteTestDatabase().open();
    try {
      await upsertPapers(t.db, CORPUS);
      const embedder = await openHttpEmbedder({ url: base, model: 'toy', apiKey: null });
      const search = createSearchService(t.db, { embedder, refreshMs: -1 });
      const r = await search.search({ q: 'graph molecules', mode: 'semantic', limit: 3 });
      assert.equal(r.hits.length, 3);
      assert.equal(search.stats().vectors, CORPUS.length);
    } finally {
      await t.close();
    }
  });
});
