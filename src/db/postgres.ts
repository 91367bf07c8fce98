// The PostgreSQL implementation of Db (node-postgres pool): the production store shared by processes.
import pg from 'pg';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { from as copyFrom } from 'pg-copy-streams';
import { copyBinaryPieces, type CopyColumn } from './copy-binary.ts';
import { createReadCoalescer, readKey } from './coalesced-reads.ts';
import type { Db, Row } from './types.ts';
import type { Sql } from 'sql-template-tag';

// BIGINT (20) holds our epoch-ms timestamps and counts; they fit a JS number exactly, so parse
// them as numbers instead of node-postgres's default strings. Set per pool, not globally.
const INT8 = 20;
const NUMERIC = 1700;
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8 || oid === NUMERIC) return (v: string) => (v === null ? null : Number(v));
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

/** `?schema=name` in the URL selects a schema (tests use one per suite); the rest goes to pg. */
function parseUrl(url: string): { connectionString: string; schema: string | null } {
  const u = new URL(url);
  const schema = u.searchParams.get('schema');
  u.searchParams.delete('schema');
  if (schema !== null && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name in DATABASE_URL: ${schema}`);
  return { connectionString: u.toString(), schema };
}

/** The connection went away under the query (terminated backend, server restart), not the query failed. */
function isLostConnection(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  // admin_shutdown, crash_shutdown, cannot_connect_now
  if (e.code === '57P01' || e.code === '57P02' || e.code === '57P03' || e.code === 'ECONNRESET') return true;
  return /Connection terminated|connection ended|Client has encountered a connection error/i.test(e.message ?? '');
}

/**
 * Pauses before asking again after a lost connection. When every connection of the pool was
 * terminated at once (pg_terminate_backend, a failover), the pool learns of each one only as its
 * socket reports it: a query asked at once may go to another connection that is already gone. A
 * pause lets those reports arrive, so the next try gets a fresh connection.
 */
const LOST_CONNECTION_PAUSES_MS = [5, 25, 100];
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Names for the statements a process runs again and again, so that each connection parses them
 * once and then only binds and executes (one round trip's worth of server work less per page on a
 * hit path that is mostly such look-ups). A text gets a name the third time it is seen; texts seen
 * once or twice (IN lists of unusual lengths) stay unnamed, and at most MAX_NAMED get a name, each
 * prepared on a connection only when it runs there.
 */
const MAX_NAMED = 500;

/**
 * Statements whose best plan depends on their values: a range of times or days (a day's window or
 * the whole history differ by orders of magnitude in rows), a pattern or a text search. They stay
 * unnamed, and PostgreSQL plans an unnamed statement for the values it is given every time. The
 * rest look rows up by equality (ids, keys): named, their plan is kept once PostgreSQL finds it as
 * good as one made per call (plan_cache_mode auto, after five), which saves planning a page's
 * statement on every request (a paper page's: 0.76 ms planned for 0.31 ms run).
 */
const PLANNED_PER_CALL = /(?:^|[^<>!=])[<>]=?\s*\$\d|\$\d+\s*(?:<(?!>)|>)|\bBETWEEN\b|\b(?:I?LIKE|SIMILAR\s+TO)\b|@@|~\*?\s*\$\d/i;

export function plannedPerCall(text: string): boolean {
  return PLANNED_PER_CALL.test(text);
}

function statementNamer(): (text: string) => string | undefined {
  const named = new Map<string, string>();
  const seen = new Map<string, number>();
  return (text) => {
    if (plannedPerCall(text)) return undefined;
    const name = named.get(text);
    if (name !== undefined || named.size >= MAX_NAMED) return name;
    const n = (seen.get(text) ?? 0) + 1;
    if (n < 3) {
      if (seen.size >= 10_000) seen.clear();
      seen.set(text, n);
      return undefined;
    }
    seen.delete(text);
    const fresh = `pb_${named.size}`;
    named.set(text, fresh);
    return fresh;
  };
}

/** Session settings of every pooled connection (which statements keep a plan: see plannedPerCall). */
function sessionOptions(schema: string | null): string | undefined {
  return schema ? `-c search_path=${schema}` : undefined;
}

export async function openPostgres(url: string, poolSize = 10): Promise<Db> {
  const { connectionString, schema } = parseUrl(url);
  const pool = new pg.Pool({
    connectionString,
    max: poolSize,
    types,
    options: sessionOptions(schema),
  });
  const nameOf = statementNamer();
  // Each reader that joined another's statement gets rows of its own, as if it had asked alone.
  const reads = createReadCoalescer<pg.QueryResult>(poolSize, (r) => ({ ...r, rows: r.rows.map((row: Row) => ({ ...row })) }));
  // An idle client that errors (server restart) must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  // Nor may a checked-out one (pg_terminate_backend mid-transaction): its queries reject, and the
  // pool drops it on release because it is no longer queryable.
  pool.on('connect', (client) => client.on('error', () => {}));
  if (schema) {
    const client = await pool.connect();
    try {
      // Only when missing: CREATE SCHEMA IF NOT EXISTS waits on locks other sessions hold.
      const found = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
      if (found.rowCount === 0) await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    } finally {
      client.release();
    }
  }

  const make = (runner: pg.Pool | pg.PoolClient, inTx: boolean): Db => {
    /**
     * A read that lost its connection (pg_terminate_backend, a server restart, a failover) is
     * asked again on a fresh one (up to three times, after the pauses above), instead of failing the page that asked. Only a plain SELECT
     * outside a transaction: anything else may have taken effect before the connection went.
     */
    const query = (q: Sql): Promise<pg.QueryResult> => runner.query({ name: nameOf(q.text), text: q.text, values: q.values });
    const readOnce = async (q: Sql): Promise<pg.QueryResult> => {
      for (let attempt = 0; ; attempt++) {
        try {
          return await query(q);
        } catch (err) {
          if (inTx || !isLostConnection(err) || !/^\s*SELECT\b/i.test(q.text) || attempt >= LOST_CONNECTION_PAUSES_MS.length) throw err;
          await pause(LOST_CONNECTION_PAUSES_MS[attempt]!);
        }
      }
    };
    // Outside a transaction, identical reads waiting for a connection are asked once (coalesced-reads.ts).
    const read = inTx ? readOnce : (q: Sql) => reads.read(readKey(q.text, q.values), () => readOnce(q));
    /**
     * A connection for a transaction, with BEGIN run on it. BEGIN failing for a lost connection
     * means nothing of the transaction ran: it is begun again on another connection.
     */
    const begin = async (): Promise<pg.PoolClient> => {
      for (let attempt = 0; ; attempt++) {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          return client;
        } catch (err) {
          client.release(err as Error); // not back into the pool: it is gone
          if (!isLostConnection(err) || attempt >= LOST_CONNECTION_PAUSES_MS.length) throw err;
          await pause(LOST_CONNECTION_PAUSES_MS[attempt]!);
        }
      }
    };
    const db: Db = {
      dialect: 'postgres',
      async all<T>(q: Sql) {
        return (await read(q)).rows as T[];
      },
      async get<T>(q: Sql) {
        return (await read(q)).rows[0] as T | undefined;
      },
      async run(q: Sql) {
        return (await query(q)).rowCount ?? 0;
      },
      async exec(script: string) {
        await runner.query(script);
      },
      async copyIn(table: string, columns: readonly CopyColumn[], rows: Iterable<readonly unknown[]>) {
        // Table and column names come from the store's constants, never from input.
        const client = inTx ? (runner as pg.PoolClient) : await pool.connect();
        try {
          const names = columns.map((c) => c.name).join(', ');
          await pipeline(Readable.from(copyBinaryPieces(columns, rows)), client.query(copyFrom(`COPY ${table} (${names}) FROM STDIN (FORMAT binary)`)));
        } finally {
          if (!inTx) (client as pg.PoolClient).release();
        }
      },
      async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
        if (inTx) return fn(db);
        const client = await begin();
        try {
          const result = await fn(make(client, true));
          await client.query('COMMIT');
          return result;
        } catch (err) {
          await client.query('ROLLBACK').catch(() => {});
          throw err;
        } finally {
          client.release();
        }
      },
      async close() {
        if (inTx) return;
        for (const l of listeners) await l.close();
        await pool.end();
      },
    };
    return db;
  };
  const listeners: { close(): Promise<void> }[] = [];
  const root = make(pool, false);
  root.listen = async (channel, onNotify, onReconnect) => {
    if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`invalid channel name: ${channel}`);
    let client: pg.Client | null = null;
    let closed = false;
    let retryMs = 100;
    const connect = async (): Promise<void> => {
      const c = new pg.Client({ connectionString, options: schema ? `-c search_path=${schema}` : undefined });
      c.on('notification', (n) => {
        if (n.channel === channel) onNotify(n.payload ?? '');
      });
      // A terminated backend or a server restart: connect again (with back-off) and tell the
      // caller, who must assume it missed something.
      let gone = false;
      c.on('error', () => {});
      c.on('end', () => {
        if (closed || gone) return;
        gone = true;
        client = null;
        const wait = retryMs;
        retryMs = Math.min(retryMs * 2, 5_000);
        setTimeout(() => void connect().then(onReconnect, () => {}), wait).unref();
      });
      try {
        await c.connect();
        await c.query(`LISTEN ${channel}`);
      } catch (err) {
        await c.end().catch(() => {});
        throw err;
      }
      retryMs = 100;
      client = c;
    };
    await connect();
    const handle = {
      async close() {
        closed = true;
        await client?.end().catch(() => {});
      },
    };
    listeners.push(handle);
    return handle;
  };
  return root;
}

export type { Row };
