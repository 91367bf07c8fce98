// A local stand-in for api.github.com: replays the real recorded responses in test/fixtures/github-api,
// serves synthetic repositories built from the recorded repository body, and injects GitHub's
// documented 304 / 301 / 404 / 403 rate-limit replies. Listens on an ephemeral port.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFileSync, readdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { fixtures } from './fixtures.ts';

export interface Recorded {
  method: string;
  path: string;
  status: number;
  headers: [string, string][];
  body: string;
}

const GITHUB_DIR = join(fixtures, 'github-api');

/** The replay files: groups of 11 lines (scheme, method, host, port, path, request headers, body, status, response headers, body, blank). */
export function loadRecordings(dir = GITHUB_DIR): Recorded[] {
  const out: Recorded[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.txt'))) {
    const lines = readFileSync(join(dir, file), 'utf8').split('\n');
    for (let i = 0; i + 9 < lines.length; i += 11) {
      const headers = [...lines[i + 8].matchAll(/\((['"])(.*?)\1, (['"])(.*?)\3\)/g)].map((m) => [m[2], m[4]] as [string, string]);
      out.push({ method: lines[i + 1], path: lines[i + 4], status: Number(lines[i + 7]), headers, body: lines[i + 9] });
    }
  }
  return out;
}

/** The real recorded body of GET /repos/PyGithub/PyGithub, as a template for synthetic repositories. */
export function recordedRepoBody(): Record<string, unknown> {
  return JSON.parse(readFileSync(join(GITHUB_DIR, 'Repository.setUp.1.GET_repos_PyGithub_PyGithub.json'), 'utf8'));
}

// Headers a proxy must not copy from a recording (we send a fresh, unencoded body).
const HOP = new Set(['content-encoding', 'transfer-encoding', 'content-length', 'connection', 'status']);

export interface GithubServer {
  url: string;
  /** Every request served: method, path, status and when. */
  log: { method: string; path: string; status: number; at: number }[];
  addRepo(fullName: string, stars: number): void;
  setStars(fullName: string, stars: number): void;
  rename(from: string, to: string): void;
  remove(fullName: string): void;
  /** From now until `resetInMs` passes, every request gets GitHub's primary rate-limit 403. */
  exhaustRateLimit(resetInMs: number): void;
  /** The next request gets GitHub's secondary-rate-limit 403 with Retry-After. */
  secondaryLimitOnce(retryAfterSeconds: number): void;
  /** Called before routing; return true when it answered. */
  /** Delay before each answer, to make a run last long enough to interrupt. */
  latencyMs: number;
  intercept?: (req: IncomingMessage, res: ServerResponse) => boolean;
  close(): Promise<void>;
}

export async function startGithubServer(): Promise<GithubServer> {
  const recordings = loadRecordings();
  const template = recordedRepoBody();
  const repos = new Map<string, { id: number; fullName: string; stars: number }>();
  const renamed = new Map<string, string>();
  let nextId = 1_000_000;
  let limitedUntil = 0;
  let secondaryOnce: number | null = null;
  const log: GithubServer['log'] = [];

  const repoBody = (r: { id: number; fullName: string; stars: number }) =>
    JSON.stringify({ ...template, id: r.id, name: r.fullName.split('/')[1], full_name: r.fullName, stargazers_count: r.stars, watchers_count: r.stars, watchers: r.stars });
  const send = (res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) => {
    const resetSeconds = Math.ceil(Math.max(Date.now(), limitedUntil) / 1000) + 3600;
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': '4000',
      'x-ratelimit-reset': String(resetSeconds),
      'x-ratelimit-resource': 'core',
      ...headers,
    });
    res.end(status === 304 ? undefined : body);
  };

  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    const status = (s: number) => log.push({ method: req.method ?? 'GET', path, status: s, at: Date.now() });
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => setTimeout(answer, api.latencyMs));
    const answer = () => {
      if (api.intercept?.(req, res)) return status(res.statusCode);
      if (Date.now() < limitedUntil) {
        status(403);
        return send(res, 403, JSON.stringify({
          message: 'API rate limit exceeded for 127.0.0.1. (But here\'s the good news: Authenticated requests get a higher rate limit. Check out the documentation for more details.)',
          documentation_url: 'https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting',
        }), { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.ceil(limitedUntil / 1000)), 'x-ratelimit-used': '60' });
      }
      if (secondaryOnce !== null) {
        const after = secondaryOnce;
        secondaryOnce = null;
        status(403);
        return send(res, 403, JSON.stringify({
          message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.',
          documentation_url: 'https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
        }), { 'retry-after': String(after) });
      }
      if (req.method === 'POST' && path === '/graphql') {
        const { variables } = JSON.parse(raw) as { variables: Record<string, string> };
        const data: Record<string, unknown> = {};
        const errors: unknown[] = [];
        for (const key of Object.keys(variables).filter((k) => k.startsWith('o'))) {
          const i = key.slice(1);
          const asked = `${variables[`o${i}`]}/${variables[`n${i}`]}`.toLowerCase();
          const r = repos.get(renamed.get(asked) ?? asked);
          data[`r${i}`] = r ? { nameWithOwner: r.fullName, stargazerCount: r.stars } : null;
          if (!r) errors.push({ type: 'NOT_FOUND', path: [`r${i}`], message: `Could not resolve to a Repository with the name '${asked}'.` });
        }
        data.rateLimit = { remaining: 4999, resetAt: new Date(Date.now() + 3_600_000).toISOString() };
        status(200);
        return send(res, 200, JSON.stringify(errors.length ? { data, errors } : { data }));
      }
      const byId = /^\/repositories\/(\d+)$/.exec(path);
      if (byId) {
        const r = [...repos.values()].find((x) => x.id === Number(byId[1]));
        status(r ? 200 : 404);
        return r ? send(res, 200, repoBody(r)) : send(res, 404, JSON.stringify({ message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' }));
      }
      const m = /^\/repos\/([^/]+\/[^/?]+)$/.exec(path);
      if (m && req.method === 'GET') {
        const key = m[1].toLowerCase();
        if (renamed.has(key)) {
          const r = repos.get(renamed.get(key)!)!;
          const url = `http://${req.headers.host}/repositories/${r.id}`;
          status(301);
          return send(res, 301, JSON.stringify({ message: 'Moved Permanently', url, documentation_url: 'https://docs.github.com/v3/#http-redirects' }), { location: url });
        }
        const r = repos.get(key);
        if (r) {
          const body = repoBody(r);
          const etag = `W/"${createHash('sha256').update(body).digest('hex')}"`;
          if (req.headers['if-none-match'] === etag) {
            status(304);
            return send(res, 304, '', { etag });
          }
          status(200);
          return send(res, 200, body, { etag });
        }
      }
      const rec = recordings.find((x) => x.method === req.method && x.path === path.replace(/([?&])per_page=\d+&?/, '$1').replace(/[?&]$/, '').replace(/\?page=1$/, ''));
      if (rec) {
        status(rec.status);
        res.writeHead(rec.status, Object.fromEntries(rec.headers.filter(([k]) => !HOP.has(k.toLowerCase()))));
        return res.end(rec.body);
      }
      status(404);
      send(res, 404, JSON.stringify({ message: 'Not Found', documentation_url: 'https://docs.github.com/rest/repos/repos#get-a-repository', status: '404' }));
    };
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const api: GithubServer = {
    url: `http://127.0.0.1:${port}`,
    log,
    latencyMs: 0,
    addRepo(fullName, stars) {
      repos.set(fullName.toLowerCase(), { id: nextId++, fullName, stars });
    },
    setStars(fullName, stars) {
      repos.get(fullName.toLowerCase())!.stars = stars;
    },
    rename(from, to) {
      const r = repos.get(from.toLowerCase())!;
      repos.delete(from.toLowerCase());
      r.fullName = to;
      repos.set(to.toLowerCase(), r);
      renamed.set(from.toLowerCase(), to.toLowerCase());
    },
    remove(fullName) {
      repos.delete(fullName.toLowerCase());
    },
    exhaustRateLimit(resetInMs) {
      limitedUntil = Date.now() + resetInMs;
    },
    secondaryLimitOnce(seconds) {
      secondaryOnce = seconds;
    },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
  return api;
}
