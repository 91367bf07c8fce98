// A polite HTTP client for arXiv and Hugging Face: a minimum gap between requests with jitter,
// retries with exponential back-off, and 503/429 `Retry-After` honoured (arXiv's OAI-PMH asks for it).
import { InputError } from '../errors.ts';

export interface PoliteOptions {
  /** Minimum gap between the starts of two requests, in ms. */
  minIntervalMs: number;
  /** Up to this much random extra delay per request, so many clients don't tick in step. */
  jitterMs?: number;
  /** Attempts after the first one for a retryable failure. */
  retries?: number;
  /** First back-off delay; doubles per attempt. */
  backoffMs?: number;
  /** Longest Retry-After honoured; a server asking for more makes the request fail. */
  maxRetryAfterMs?: number;
  timeoutMs?: number;
  userAgent?: string;
  /** Injected in tests to record waits instead of sleeping. */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  random?: () => number;
}

export interface HttpResult {
  status: number;
  body: string;
  url: string;
}

/** A request that failed for good: retries exhausted, or a wait longer than allowed. */
export class FetchError extends InputError {
  constructor(message: string, readonly status: number | null) {
    super(message);
  }
}

export interface BytesResult {
  status: number;
  body: Buffer;
  url: string;
}

/** A response body of at most `maxBytes`, or a FetchError naming the URL and the bound. */
export async function readBounded(res: Response, url: string, maxBytes: number): Promise<Buffer> {
  const declared = Number(res.headers.get('content-length') ?? 0);
  const tooLarge = () => new FetchError(`${url}: more than ${maxBytes} bytes`, res.status);
  if (declared > maxBytes) {
    await res.body?.cancel();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of (res.body ?? []) as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > maxBytes) throw tooLarge();
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Seconds or an HTTP date, as `Retry-After` allows; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** arXiv's 503 page says "Retry after N seconds" in its body too; used when the header is missing. */
function retryAfterFromBody(body: string): number | null {
  const m = /retry after (\d+) seconds/i.exec(body);
  return m ? Number(m[1]) * 1000 : null;
}

export class PoliteClient {
  private lastStart = -Infinity;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private readonly random: () => number;

  constructor(private readonly opts: PoliteOptions) {
    this.sleep = opts.sleep ?? realSleep;
    this.now = opts.now ?? Date.now;
    this.random = opts.random ?? Math.random;
  }

  private async waitTurn(): Promise<void> {
    const jitter = (this.opts.jitterMs ?? 0) * this.random();
    const wait = this.lastStart + this.opts.minIntervalMs + jitter - this.now();
    if (wait > 0) await this.sleep(Math.round(wait));
    this.lastStart = this.now();
  }

  /**
   * GETs a URL politely. Network errors, 429 and 5xx are retried (after Retry-After when given,
   * else exponential back-off); any other status is returned for the caller to interpret.
   */
  async get(url: string): Promise<HttpResult> {
    return this.request(url, (res) => res.text(), (body) => body);
  }

  /**
   * GETs a binary body (a PDF) as `get` does, reading at most `maxBytes`: a larger body (declared
   * or streamed) is a FetchError at once, not retried, so one huge file costs one bounded read.
   */
  async getBytes(url: string, maxBytes: number): Promise<BytesResult> {
    return this.request(url, (res) => readBounded(res, url, maxBytes), (body) => body.toString('utf8'));
  }

  private async request<T>(url: string, read: (res: Response) => Promise<T>, asText: (body: T) => string): Promise<{ status: number; body: T; url: string }> {
    const retries = this.opts.retries ?? 5;
    const backoff = this.opts.backoffMs ?? 5000;
    const maxRetryAfter = this.opts.maxRetryAfterMs ?? 10 * 60 * 1000;
    let lastProblem = '';
    for (let attempt = 0; attempt <= retries; attempt++) {
      await this.waitTurn();
      let status: number | null = null;
      let wait = backoff * 2 ** attempt;
      try {
        const res = await fetch(url, {
          headers: { 'user-agent': this.opts.userAgent ?? 'paperboy (self-hosted; polite harvester)' },
          signal: AbortSignal.timeout(this.opts.timeoutMs ?? 60_000),
        });
        status = res.status;
        const body = await read(res);
        if (status !== 429 && status < 500) return { status, body, url };
        const told = parseRetryAfter(res.headers.get('retry-after'), this.now()) ?? (status === 503 ? retryAfterFromBody(asText(body)) : null);
        if (told !== null) {
          if (told > maxRetryAfter) throw new FetchError(`${url}: server asked to retry after ${Math.round(told / 1000)} s, more than allowed`, status);
          wait = told;
        }
        lastProblem = `HTTP ${status}`;
      } catch (err) {
        if (err instanceof FetchError) throw err;
        lastProblem = (err as Error).name === 'TimeoutError' ? 'timed out' : (err as Error).message;
      }
      if (attempt < retries) await this.sleep(wait);
      else throw new FetchError(`${url}: ${lastProblem} after ${retries + 1} attempts`, status);
    }
    throw new FetchError(`${url}: no attempt made`, null);
  }
}
