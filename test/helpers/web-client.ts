// A cookie-keeping client for in-process HTTP tests: GET a page, then POST its forms with the CSRF token.
import type { Hono } from 'hono';
import type { AppEnv } from '../../src/web/context.ts';

export class WebClient {
  cookies = new Map<string, string>();
  csrf = '';
  constructor(private app: Hono<AppEnv>, private ip = 'local') {}

  private remember(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const [name, value] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)];
      const expired = attrs.some((a) => /max-age=0/i.test(a) || /expires=Thu, 01 Jan 1970/i.test(a));
      if (expired || value === '') this.cookies.delete(name.trim());
      else this.cookies.set(name.trim(), value);
    }
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    return { ...(cookie ? { cookie } : {}), 'x-forwarded-for': this.ip, ...extra };
  }

  async get(path: string): Promise<{ status: number; html: string; res: Response }> {
    const res = await this.app.request(path, { headers: this.headers() });
    this.remember(res);
    const html = await res.text();
    const m = /name="_csrf" value="([^"]+)"/.exec(html);
    if (m) this.csrf = m[1];
    return { status: res.status, html, res };
  }

  /** POSTs a form; `_csrf` is added from the last page unless the fields set it (or `csrf: false`). */
  async post(path: string, fields: Record<string, string> = {}, opts: { csrf?: boolean } = {}): Promise<Response> {
    if (!this.csrf) await this.get('/signin');
    const body = new URLSearchParams(opts.csrf === false || '_csrf' in fields ? fields : { _csrf: this.csrf, ...fields });
    const res = await this.app.request(path, {
      method: 'POST',
      body: body.toString(),
      headers: this.headers({ 'content-type': 'application/x-www-form-urlencoded' }),
    });
    this.remember(res);
    return res;
  }
}

/** The sign-in link in a received mail's text. */
export function linkInMail(raw: string): string {
  const unfolded = raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
  const m = /https?:\/\/\S+\/signin\/confirm\?token=[A-Za-z0-9_-]{43}/.exec(unfolded);
  if (!m) throw new Error('no sign-in link in mail');
  return m[0];
}
