// A local stand-in for the arXiv API: serves the real recorded responses in test/fixtures/arxiv-api.
import { createServer } from 'node:http';
import { readFileSync, readdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fixtures } from './fixtures.ts';

export interface ArxivApiServer {
  /** `http://127.0.0.1:PORT/api/query` for ARXIV_API_URL. */
  url: string;
  requests: string[];
  close(): Promise<void>;
}

/** Answers `id_list=X` with the recording for X; unknown ids get the recorded empty feed. */
export async function startArxivApiServer(): Promise<ArxivApiServer> {
  const dir = `${fixtures}arxiv-api/2026/`;
  const byId = new Map<string, { status_code: number; body: string }>();
  for (const f of readdirSync(dir)) {
    const rec = JSON.parse(readFileSync(dir + f, 'utf8'));
    const id = new URL(rec.url).searchParams.get('id_list');
    if (id) {
      byId.set(id, rec);
      // The recording of `2104.12255v1` also answers an unversioned look-up (its latest version here).
      if (!byId.has(id.replace(/v\d+$/, ''))) byId.set(id.replace(/v\d+$/, ''), rec);
    }
  }
  const empty = byId.get('0000.0000')!;
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(req.url!);
    const id = new URL(req.url!, 'http://x').searchParams.get('id_list') ?? '';
    const rec = byId.get(id) ?? empty;
    res.writeHead(rec.status_code, { 'content-type': 'application/atom+xml' }).end(rec.body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/query`,
    requests,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
