// Fetches one picture from the web for the figure job: http(s) only, a size cap, a timeout, and an
// image content type, so a bad URL in imported data costs one failed attempt and nothing more.

export const MAX_IMAGE_BYTES = 8 * 1024 * 1024;

export async function fetchImage(url: string, timeoutMs = 20_000): Promise<Buffer> {
  if (!/^https?:\/\//i.test(url)) throw new Error(`not an http(s) URL: ${url}`);
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { Accept: 'image/*' } });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  const type = res.headers.get('content-type') ?? '';
  if (!/^image\//i.test(type)) throw new Error(`${url}: not an image (Content-Type ${type || 'missing'})`);
  const declared = Number(res.headers.get('content-length') ?? 0);
  if (declared > MAX_IMAGE_BYTES) throw new Error(`${url}: ${declared} bytes is more than ${MAX_IMAGE_BYTES}`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > MAX_IMAGE_BYTES) throw new Error(`${url}: more than ${MAX_IMAGE_BYTES} bytes`);
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}
