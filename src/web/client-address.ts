// The address of the client behind a request, for rate limits and logs.
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/**
 * With `hops` trusted reverse proxies in front of us, each appends the address it received the
 * request from to X-Forwarded-For, so the Nth entry from the right was written by our outermost
 * proxy and names the real client. Everything left of it was written by the client and proves
 * nothing (taking the leftmost entry let anyone pick a fresh address per request).
 */
export function clientAddress(c: Context, hops: number): string {
  if (hops > 0) {
    const entries = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((e) => e.trim())
      .filter(Boolean);
    // Fewer entries than proxies means some proxy did not append (a misconfiguration): the
    // leftmost entry is then the farthest address any proxy recorded.
    if (entries.length > 0) return entries[Math.max(0, entries.length - hops)];
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'local'; // app.request() in tests has no socket
  }
}
