// What the HTTP benches share: the routes to load, command-line numbers, one autocannon run, medians.
import autocannon from 'autocannon';
import { createRequire } from 'node:module';

// autocannon appends every response body to a string, for body checks and callbacks these benches
// do not use. Decoding 4–40 kB of gzip as UTF-8 per answer cost the load generator, on the same 2
// cores, more than a cached answer costs the server (the client's Buffer#toString was the top
// function while /api/daily_papers was measured), so large answers measured the client. Off.
const queue = createRequire(import.meta.url)('autocannon/lib/pipelinedRequestsQueue.js') as { prototype: { addBody(data: unknown): void } };
queue.prototype.addBody = function addBody() {};

export interface Target {
  name: string;
  /** Paths to cycle through (several ids, so a per-URL cache is not the only thing measured). */
  paths: string[];
}

export interface Measured {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

export function option(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

/** Loads `target` for `seconds` with `connections` clients on loopback. */
export async function measure(base: string, target: Target, seconds: number, connections: number, headers: Record<string, string> = {}): Promise<Measured> {
  let i = 0;
  const result = await autocannon({
    url: base,
    connections,
    // As browsers and HTTP client libraries do; answers are compressed only where cached as bytes.
    headers: { 'accept-encoding': 'gzip', ...headers },
    duration: seconds,
    requests: [{ setupRequest: (req) => ({ ...req, path: target.paths[i++ % target.paths.length]! }) }],
  });
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors + result.timeouts };
}
