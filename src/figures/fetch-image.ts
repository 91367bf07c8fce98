// Fetches one picture from the web for the figure job: http(s) only, a size cap, a timeout, and an
// image content type, so a bad URL in imported data costs one failed attempt and nothing more.
import { readBounded } from '../ingest/polite-client.ts';

export const MAX_IMAGE_BYTES = 8 * 1024 * 1024;

export async function fetchImage(url: string, timeoutMs = 20_000): Promise<Buffer> {
  if (!/^https?:\/\//i.test(url)) throw new Error(`not an http(s) URL: ${url}`);
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { Accept: 'image/*' } });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  const type = res.headers.get('content-type') ?? '';
  if (!/^image\//i.test(type)) throw new Error(`${url}: not an image (Content-Type ${type || 'missing'})`);
  return readBounded(res, url, MAX_IMAGE_BYTES);
}
