// Embeddings from an OpenAI-compatible `/v1/embeddings` endpoint (OpenAI, Ollama, TEI, vLLM), with retries.
import { InputError } from '../errors.ts';
import type { Embedder } from './embedder.ts';

export interface HttpEmbedderOptions {
  /** Base URL (`http://host:11434`, `…/v1`) or the full `…/embeddings` URL. */
  url: string;
  model: string | null;
  apiKey: string | null;
  batchSize?: number;
  attempts?: number;
  /** First back-off in ms; doubles per attempt (Retry-After wins when the server sends it). */
  backoffMs?: number;
  timeoutMs?: number;
}

export function embeddingsUrl(url: string): string {
  const u = url.replace(/\/+$/, '');
  if (u.endsWith('/embeddings')) return u;
  if (u.endsWith('/v1')) return `${u}/embeddings`;
  return `${u}/v1/embeddings`;
}

class RetryableError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number | null,
  ) {
    super(message);
  }
}

/** Opens the endpoint and learns the vector size from one probe request. */
export async function openHttpEmbedder(o: HttpEmbedderOptions): Promise<Embedder> {
  const endpoint = embeddingsUrl(o.url);
  const batchSize = o.batchSize ?? 64;
  const attempts = o.attempts ?? 4;
  const backoff = o.backoffMs ?? 500;
  const timeoutMs = o.timeoutMs ?? 60_000;

  async function once(texts: string[]): Promise<Float32Array[]> {
    let res: Response;
    try {
      res = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(o.apiKey ? { authorization: `Bearer ${o.apiKey}` } : {}) },
        body: JSON.stringify({ input: texts, ...(o.model ? { model: o.model } : {}) }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      throw new RetryableError(`embedding request to ${endpoint} failed: ${(err as Error).message}`, null);
    }
    if (res.status === 429 || res.status >= 500) {
      const after = Number(res.headers.get('retry-after'));
      await res.body?.cancel();
      throw new RetryableError(`embedding endpoint ${endpoint} answered ${res.status}`, Number.isFinite(after) && after > 0 ? after * 1000 : null);
    }
    if (!res.ok) {
      const body = (await res.text()).slice(0, 300);
      throw new InputError(`embedding endpoint ${endpoint} answered ${res.status}: ${body}`);
    }
    const json = (await res.json()) as { data?: { embedding?: number[]; index?: number }[] };
    if (!Array.isArray(json.data) || json.data.length !== texts.length) {
      throw new InputError(`embedding endpoint ${endpoint} returned ${json.data?.length ?? 'no'} vectors for ${texts.length} texts`);
    }
    const ordered = [...json.data].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
    return ordered.map((d) => {
      if (!Array.isArray(d.embedding)) throw new InputError(`embedding endpoint ${endpoint} returned an item without an embedding`);
      return normalize(Float32Array.from(d.embedding));
    });
  }

  async function withRetries(texts: string[]): Promise<Float32Array[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await once(texts);
      } catch (err) {
        if (!(err instanceof RetryableError) || attempt >= attempts) throw err instanceof RetryableError ? new InputError(err.message) : err;
        const wait = err.retryAfterMs ?? backoff * 2 ** (attempt - 1);
        await new Promise((r) => setTimeout(r, Math.min(wait, 30_000)));
      }
    }
  }

  const probe = await withRetries(['dimension probe']);
  const dim = probe[0].length;
  return {
    dim,
    name: `http:${o.model ?? endpoint}`,
    async embed(texts) {
      const out: Float32Array[] = [];
      for (let i = 0; i < texts.length; i += batchSize) {
        const vecs = await withRetries(texts.slice(i, i + batchSize));
        for (const v of vecs) {
          if (v.length !== dim) throw new InputError(`embedding endpoint ${endpoint} changed vector size from ${dim} to ${v.length}`);
          out.push(v);
        }
      }
      return out;
    },
  };
}

export function normalize(v: Float32Array): Float32Array {
  let n = 0;
  for (let i = 0; i < v.length; i++) n += v[i] * v[i];
  if (n > 0) {
    const inv = 1 / Math.sqrt(n);
    for (let i = 0; i < v.length; i++) v[i] *= inv;
  }
  return v;
}
