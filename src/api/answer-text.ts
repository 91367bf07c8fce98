// The text an answer was made from, kept beside the answer: middleware that needs an answer's bytes
// (the ETag's hash, compression) encodes that string instead of reading the body back. Reading it
// back turns the Node adapter's light response into a full web Response (its string converted and
// checked again) read through a web stream: a quarter of an uncached API answer's CPU.
import type { Context } from 'hono';

/**
 * An answer's text and what is derived from it, each made once: its bytes, its ETag's hash, its
 * compressed forms. A text kept between requests (a page of /api/daily_papers joined from kept
 * items, checked against the papers' stamps on every request) is answered with the same object
 * each time, so these are not made again while the text is the same.
 */
export interface AnswerText {
  readonly text: string;
  bytes?: Buffer;
  sha1?: string;
  compressed?: Map<string, Buffer>;
}

const texts = new WeakMap<Response, AnswerText>();

/** From now on, answers this request makes with `c.body`, `c.html` or `c.text` from a string keep their text. */
export function keepAnswerText(c: Context): void {
  const { body, html, text } = c;
  const kept = (res: Response, s: unknown) => (typeof s === 'string' && texts.set(res, { text: s }), res);
  c.body = ((data: unknown, ...rest: unknown[]) => kept((body as (...a: unknown[]) => Response)(data, ...rest), data)) as typeof c.body;
  c.html = ((data: unknown, ...rest: unknown[]) => {
    const res = (html as (...a: unknown[]) => Response | Promise<Response>)(data, ...rest);
    return res instanceof Promise ? res : kept(res, data);
  }) as typeof c.html;
  c.text = ((data: unknown, ...rest: unknown[]) => kept((text as (...a: unknown[]) => Response)(data, ...rest), data)) as typeof c.text;
}

/** Says `res` was made from `answer`'s text (a text kept between requests, see AnswerText). */
export function answeredWith(res: Response, answer: AnswerText): Response {
  texts.set(res, answer);
  return res;
}

/** The text `res` was made from, when it was made by a kept method and is still that answer. */
export function answerText(res: Response): string | undefined {
  return texts.get(res)?.text;
}

/** The UTF-8 bytes of the text `res` was made from (encoded once), when it was made by a kept method and is still that answer. */
export function answerBytes(res: Response): Buffer | undefined {
  const kept = texts.get(res);
  if (kept) kept.bytes ??= Buffer.from(kept.text);
  return kept?.bytes;
}

/** The kept text `res` was made from, its bytes and its derived forms; undefined when it was not made from one. */
function derivedOf(res: Response): { bytes: Buffer; forms: Map<string, Buffer> } | undefined {
  const kept = texts.get(res);
  const bytes = answerBytes(res);
  return kept && bytes ? { bytes, forms: (kept.compressed ??= new Map()) } : undefined;
}

/** `derive(bytes)` of the text `res` was made from, made once per text (see AnswerText); undefined when it was not made from a kept text. */
export function answerDerived(res: Response, key: string, derive: (bytes: Buffer) => Buffer): Buffer | undefined {
  const d = derivedOf(res);
  if (!d) return undefined;
  let out = d.forms.get(key);
  if (!out) d.forms.set(key, (out = derive(d.bytes)));
  return out;
}

/**
 * answerDerived for a derivation made off this thread (compressing a large answer): made once per
 * text too. Two requests that meet the same new text at once may both make it; the first kept wins.
 */
export async function answerDerivedAsync(res: Response, key: string, derive: (bytes: Buffer) => Promise<Buffer>): Promise<Buffer | undefined> {
  const d = derivedOf(res);
  if (!d) return undefined;
  const known = d.forms.get(key);
  if (known) return known;
  const out = await derive(d.bytes);
  if (!d.forms.has(key)) d.forms.set(key, out);
  return d.forms.get(key)!;
}

/** The SHA-1 (hex) of the text `res` was made from, hashed once per text; undefined when it was not made from a kept text. */
export function answerSha1(res: Response, hash: (bytes: Buffer) => string): string | undefined {
  const kept = texts.get(res);
  const bytes = answerBytes(res);
  if (!kept || !bytes) return undefined;
  return (kept.sha1 ??= hash(bytes));
}
