// A local stand-in for Hugging Face's Daily Papers API: serves recorded days from data/demo under
// whatever dates a test maps them to, and can misbehave on request (503s, a hang, a slow day).
import { createServer, type ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';

const DEMO_DAYS = new URL('../../data/demo/hf-daily-papers/', import.meta.url).pathname;

/** One recorded day of data/demo (the items of `GET /api/daily_papers?date=`). */
export function demoHfDay(day: string): HfItem[] {
  return JSON.parse(gunzipSync(readFileSync(`${DEMO_DAYS}${day}.json.gz`)).toString('utf8')) as HfItem[];
}

export interface HfItem {
  paper: { id: string; upvotes: number; [key: string]: unknown };
  numComments?: number;
  [key: string]: unknown;
}

export type HfMode = 'ok' | '503' | 'hang';

export interface HfApiServer {
  /** `http://127.0.0.1:PORT/api` for HF_API_URL. */
  url: string;
  /** What each date answers; dates not here answer an empty list (as Hugging Face does). */
  days: Map<string, HfItem[]>;
  mode: HfMode;
  /** Dates whose answer waits this long (ms) before it is sent: a harvest caught mid-way. */
  slow: Map<string, number>;
  requests: string[];
  close(): Promise<void>;
}

export async function startHfApiServer(): Promise<HfApiServer> {
  const state: HfApiServer = { url: '', days: new Map(), mode: 'ok', slow: new Map(), requests: [], close: async () => {} };
  const hanging = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const url = new URL(req.url!, 'http://x');
    state.requests.push(url.pathname + url.search);
    if (state.mode === '503') return void res.writeHead(503, { 'content-type': 'text/plain' }).end('Service Unavailable');
    if (state.mode === 'hang') return void hanging.add(res);
    if (url.pathname !== '/api/daily_papers') return void res.writeHead(404).end('{"error":"not found"}');
    const date = url.searchParams.get('date') ?? '';
    const body = JSON.stringify(state.days.get(date) ?? []);
    const send = () => res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    const delay = state.slow.get(date);
    if (delay) setTimeout(send, delay);
    else send();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  state.close = () =>
    new Promise((r) => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      server.close(() => r());
    });
  return state;
}
