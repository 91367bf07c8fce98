// /healthz, /readyz and /metrics: for load balancers, orchestrators and Prometheus, not for people.
import { timingSafeEqual } from 'node:crypto';
import type { Hono } from 'hono';
import type { Db } from '../db/db.ts';
import { listPendingMigrations } from '../db/migrate.ts';
import { pingDatabase } from '../store/operations.ts';
import type { AppEnv } from './context.ts';
import type { Metrics } from './metrics.ts';

export interface OperationsDeps {
  db: Db;
  metrics: Metrics;
  /** Bearer token /metrics requires; null leaves it open (block it at the proxy instead). */
  metricsToken: string | null;
  /** False while the search index is still being built (serve builds it after it starts listening). */
  searchReady: () => boolean;
  /** False once the process is shutting down, so balancers stop sending it new requests. */
  accepting: () => boolean;
}

interface Check {
  ok: boolean;
  detail: string;
}

/** Each readiness condition with what it found, so a failing probe says why. */
async function readinessChecks(deps: OperationsDeps): Promise<Record<string, Check>> {
  const checks: Record<string, Check> = {};
  checks.process = deps.accepting() ? { ok: true, detail: 'accepting requests' } : { ok: false, detail: 'shutting down' };
  try {
    await pingDatabase(deps.db);
    checks.database = { ok: true, detail: `${deps.db.dialect} reachable` };
    const pending = await listPendingMigrations(deps.db);
    checks.migrations = pending.length
      ? { ok: false, detail: `not applied: ${pending.map((m) => `${m.version}_${m.name}`).join(', ')}` }
      : { ok: true, detail: 'current' };
  } catch (err) {
    checks.database = { ok: false, detail: `unreachable: ${(err as Error).message}` };
  }
  checks.searchIndex = deps.searchReady() ? { ok: true, detail: 'ready' } : { ok: false, detail: 'building' };
  return checks;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function addOperationsRoutes(app: Hono<AppEnv>, deps: OperationsDeps): void {
  app.get('/healthz', (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json({ status: 'ok' });
  });
  app.get('/readyz', async (c) => {
    c.header('Cache-Control', 'no-store');
    const checks = await readinessChecks(deps);
    const ready = Object.values(checks).every((ch) => ch.ok);
    return c.json({ status: ready ? 'ready' : 'not ready', checks }, ready ? 200 : 503);
  });
  app.get('/metrics', async (c) => {
    c.header('Cache-Control', 'no-store');
    if (deps.metricsToken) {
      const sent = (c.req.header('authorization') ?? '').replace(/^Bearer\s+/i, '');
      if (!sameSecret(sent, deps.metricsToken)) {
        c.header('WWW-Authenticate', 'Bearer');
        return c.text('metrics need Authorization: Bearer METRICS_TOKEN\n', 401);
      }
    }
    c.header('Content-Type', deps.metrics.registry.contentType);
    return c.body(await deps.metrics.registry.metrics());
  });
}
