// A polite GitHub API client for star counts: conditional requests, rate limits, renames, GraphQL batches.
import { parseRateLimit, RateLimitError, waitForRateLimit, type RateLimitState } from './github-rate-limit.ts';

export { RateLimitError };

export interface GithubClientOptions {
  /** `https://api.github.com` or a local server in tests. */
  apiUrl: string;
  token: string | null;
  /** Longest we sleep for a rate limit before giving up with RateLimitError (the job retries later). */
  maxWaitMs?: number;
  /** How long to back off after a secondary rate limit that names no time (GitHub: "at least a minute"). */
  secondaryWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  userAgent?: string;
}

/** What one repository look-up found. */
export type RepoLookup =
  | { kind: 'ok'; fullName: string; stars: number; etag: string | null }
  /** Our ETag still matches: the stars have not changed (and the request cost no rate limit). */
  | { kind: 'not-modified'; etag: string | null }
  /** GitHub answered 301: the repository moved to `fullName`. */
  | { kind: 'renamed'; fullName: string; stars: number; etag: string | null }
  /** 404, 410 or 451: deleted, made private, or blocked. */
  | { kind: 'gone'; status: number };

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class GithubClient {
  readonly rate: RateLimitState = { remaining: null, resetAt: null };
  private readonly opts: Required<Omit<GithubClientOptions, 'token'>> & { token: string | null };

  constructor(options: GithubClientOptions) {
    this.opts = {
      maxWaitMs: 15 * 60_000,
      secondaryWaitMs: 60_000,
      sleep: sleepFor,
      now: Date.now,
      userAgent: 'paperboy (self-hosted trending papers)',
      ...options,
      apiUrl: options.apiUrl.replace(/\/+$/, ''),
    };
  }

  /** GraphQL needs a token; without one we fall back to one REST call per repository. */
  get canBatch(): boolean {
    return this.opts.token !== null;
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    const h: Record<string, string> = {
      accept: 'application/vnd.github+json',
      'user-agent': this.opts.userAgent,
      'x-github-api-version': '2022-11-28',
      ...extra,
    };
    if (this.opts.token) h.authorization = `Bearer ${this.opts.token}`;
    return h;
  }

  /**
   * One request with the rate-limit rules applied: wait first when the last reply said the budget
   * is spent; on 403/429 rate-limit replies wait (Retry-After, else X-RateLimit-Reset, else the
   * secondary back-off) and try again. Other statuses are returned to the caller.
   */
  private async request(url: string, init: RequestInit): Promise<Response> {
    for (let attempt = 0; ; attempt++) {
      await waitForRateLimit(this.rate, this.opts);
      const res = await fetch(url, { ...init, redirect: 'manual' });
      const limit = parseRateLimit(res.headers, this.opts.now());
      if (limit.remaining !== null) this.rate.remaining = limit.remaining;
      if (limit.resetAt !== null) this.rate.resetAt = limit.resetAt;
      if (res.status !== 403 && res.status !== 429) return res;
      const body = await res.text();
      const secondary = /secondary rate limit|abuse/i.test(body);
      const primary = limit.remaining === 0;
      if (!secondary && !primary && limit.retryAfterMs === null) {
        return new Response(body, { status: res.status, headers: res.headers });
      }
      if (attempt >= 5) throw new RateLimitError(this.rate.resetAt ?? this.opts.now() + this.opts.secondaryWaitMs);
      const until =
        limit.retryAfterMs !== null
          ? this.opts.now() + limit.retryAfterMs
          : primary && limit.resetAt !== null
            ? limit.resetAt
            : this.opts.now() + this.opts.secondaryWaitMs * 2 ** attempt;
      // Remember the wait so the next request (and waitForRateLimit) honours it too.
      this.rate.remaining = 0;
      this.rate.resetAt = until;
    }
  }

  /** `GET /repos/{owner}/{repo}`, conditional on `etag` when we have one. */
  async getRepo(fullName: string, etag: string | null = null): Promise<RepoLookup> {
    const extra: Record<string, string> = etag ? { 'if-none-match': etag } : {};
    let res = await this.request(`${this.opts.apiUrl}/repos/${fullName}`, { headers: this.headers(extra) });
    if (res.status === 304) return { kind: 'not-modified', etag: res.headers.get('etag') ?? etag };
    if (res.status === 301 || res.status === 302 || res.status === 307) {
      // GitHub's rename reply points at /repositories/{id}; follow it once to learn the new name.
      const location = res.headers.get('location') ?? ((await res.json().catch(() => ({}))) as { url?: string }).url;
      if (!location) throw new Error(`GitHub answered ${res.status} for ${fullName} without a Location`);
      res = await this.request(new URL(location, this.opts.apiUrl).toString(), { headers: this.headers() });
      if (res.status === 404 || res.status === 410 || res.status === 451) return { kind: 'gone', status: res.status };
      if (!res.ok) throw new Error(`GitHub answered ${res.status} for ${location}`);
      const moved = (await res.json()) as { full_name: string; stargazers_count: number };
      return { kind: 'renamed', fullName: moved.full_name, stars: moved.stargazers_count, etag: res.headers.get('etag') };
    }
    if (res.status === 404 || res.status === 410 || res.status === 451) {
      await res.body?.cancel();
      return { kind: 'gone', status: res.status };
    }
    if (!res.ok) throw new Error(`GitHub answered ${res.status} for ${fullName}: ${(await res.text()).slice(0, 200)}`);
    const repo = (await res.json()) as { full_name: string; stargazers_count: number };
    const sameName = repo.full_name.toLowerCase() === fullName.toLowerCase();
    return sameName
      ? { kind: 'ok', fullName: repo.full_name, stars: repo.stargazers_count, etag: res.headers.get('etag') }
      : { kind: 'renamed', fullName: repo.full_name, stars: repo.stargazers_count, etag: res.headers.get('etag') };
  }

  /**
   * Up to 100 repositories in one GraphQL query (needs a token). Repositories GitHub cannot find
   * come back `gone`; GraphQL follows renames, so a different nameWithOwner means `renamed`.
   */
  async getReposBatch(fullNames: readonly string[]): Promise<Map<string, RepoLookup>> {
    if (!this.canBatch) throw new Error('GraphQL batching needs GITHUB_TOKEN');
    if (fullNames.length > 100) throw new Error('at most 100 repositories per GraphQL query');
    const vars: Record<string, string> = {};
    const decls: string[] = [];
    const fields: string[] = [];
    fullNames.forEach((name, i) => {
      const [owner, repo] = name.split('/');
      vars[`o${i}`] = owner;
      vars[`n${i}`] = repo;
      decls.push(`$o${i}: String!, $n${i}: String!`);
      fields.push(`r${i}: repository(owner: $o${i}, name: $n${i}) { nameWithOwner stargazerCount }`);
    });
    const query = `query(${decls.join(', ')}) { ${fields.join(' ')} rateLimit { remaining resetAt } }`;
    const res = await this.request(`${this.opts.apiUrl}/graphql`, {
      method: 'POST',
      headers: this.headers({ 'content-type': 'application/json' }),
      body: JSON.stringify({ query, variables: vars }),
    });
    if (!res.ok) throw new Error(`GitHub GraphQL answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
    const body = (await res.json()) as {
      data?: Record<string, { nameWithOwner: string; stargazerCount: number } | null> & { rateLimit?: { remaining: number; resetAt: string } };
      errors?: { type?: string; path?: string[]; message: string }[];
    };
    const hardError = body.errors?.find((e) => e.type !== 'NOT_FOUND');
    if (!body.data || hardError) throw new Error(`GitHub GraphQL error: ${hardError?.message ?? 'no data'}`);
    if (body.data.rateLimit) {
      this.rate.remaining = body.data.rateLimit.remaining;
      this.rate.resetAt = Date.parse(body.data.rateLimit.resetAt);
    }
    const out = new Map<string, RepoLookup>();
    fullNames.forEach((name, i) => {
      const r = body.data![`r${i}`] as { nameWithOwner: string; stargazerCount: number } | null | undefined;
      if (!r) out.set(name, { kind: 'gone', status: 404 });
      else if (r.nameWithOwner.toLowerCase() === name.toLowerCase()) out.set(name, { kind: 'ok', fullName: r.nameWithOwner, stars: r.stargazerCount, etag: null });
      else out.set(name, { kind: 'renamed', fullName: r.nameWithOwner, stars: r.stargazerCount, etag: null });
    });
    return out;
  }

  /**
   * Star history from `/stargazers` with `starred_at` (the star+json media type), within a budget
   * of `maxPages` requests. Stargazers are listed oldest first, so page k starts at star
   * (k−1)·perPage+1: with more pages than the budget we fetch the first and last and spread the
   * rest evenly, which draws the whole curve at a fraction of the cost. Returns (at, stars) points.
   */
  async getStarHistory(fullName: string, maxPages = 10, perPage = 100): Promise<{ at: number; stars: number }[]> {
    const page = async (n: number) => {
      const res = await this.request(`${this.opts.apiUrl}/repos/${fullName}/stargazers?per_page=${perPage}&page=${n}`, {
        headers: this.headers({ accept: 'application/vnd.github.star+json' }),
      });
      if (!res.ok) throw new Error(`GitHub answered ${res.status} for ${fullName} stargazers page ${n}`);
      const items = (await res.json()) as { starred_at?: string }[];
      return { items, last: lastPage(res.headers.get('link')) ?? n };
    };
    const first = await page(1);
    const pages = new Map([[1, first.items]]);
    for (const n of samplePages(first.last, maxPages)) if (!pages.has(n)) pages.set(n, (await page(n)).items);
    const points: { at: number; stars: number }[] = [];
    for (const [n, items] of pages) {
      items.forEach((item, i) => {
        const at = item.starred_at ? Date.parse(item.starred_at) : NaN;
        if (!Number.isNaN(at)) points.push({ at, stars: (n - 1) * perPage + i + 1 });
      });
    }
    return points.sort((a, b) => a.at - b.at);
  }
}

/** The `rel="last"` page number of a Link header. */
export function lastPage(link: string | null): number | null {
  if (!link) return null;
  for (const part of link.split(',')) {
    const m = /<([^>]+)>\s*;\s*rel="last"/.exec(part);
    if (m) {
      const page = new URL(m[1]).searchParams.get('page');
      return page ? Number(page) : null;
    }
  }
  return null;
}

/** Up to `budget` page numbers spread evenly over 1..last, always including both ends. */
export function samplePages(last: number, budget: number): number[] {
  if (last <= budget) return Array.from({ length: last }, (_, i) => i + 1);
  if (budget <= 1) return [1];
  const out = new Set<number>();
  for (let i = 0; i < budget; i++) out.add(1 + Math.round((i * (last - 1)) / (budget - 1)));
  return [...out].sort((a, b) => a - b);
}
