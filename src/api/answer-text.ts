// The text an answer was made from, kept beside the answer: middleware that needs an answer's bytes
// (the ETag's hash, compression) encodes that string instead of reading the body back. Reading it
// back turns the Node adapter's light response into a full web Response (its string converted and
// checked again) read through a web stream: a quarter of an uncached API answer's CPU.
import type { Context } from 'hono';

const texts = new WeakMap<Response, { text: string; bytes?: Buffer }>();

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

/** The UTF-8 bytes of the text `res` was made from (encoded once), when it was made by a kept method and is still that answer. */
export function answerBytes(res: Response): Buffer | undefined {
  const kept = texts.get(res);
  if (kept) kept.bytes ??= Buffer.from(kept.text);
  return kept?.bytes;
}
