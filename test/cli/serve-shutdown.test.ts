// `paperboy serve` as a real process: after SIGTERM it finishes the request in flight, closes its
// pooled SMTP connection and exits; a request that never finishes is cut after SHUTDOWN_TIMEOUT_MS.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { request as httpRequest, type ClientRequest } from 'node:http';
import { fileURLToPath } from 'node:url';
import { createServer } from 'node:net';
import { testDatabases, type OpenedTestDb } from '../helpers/db.ts';
import { startSmtpServer, type SmtpServerHandle } from '../helpers/smtp-server.ts';

const BIN = fileURLToPath(new URL('../../bin/paperboy', import.meta.url));

interface Server {
  child: ChildProcess;
  port: number;
  logs: Record<string, unknown>[];
  exited: Promise<number | null>;
  waitForLog(msg: string): Promise<void>;
}

async function startServe(env: Record<string, string>): Promise<Server> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0'], {
    // The scheduled jobs run in serve too; switched off here, as nothing answers for the sources.
    env: {
      ...process.env,
      DEMO_DIR: '',
      LOG_LEVEL: 'info',
      HF_HARVEST_INTERVAL_MS: '0',
      ARXIV_HARVEST_INTERVAL_MS: '0',
      STAR_REFRESH_INTERVAL_MS: '0',
      RECENT_STAR_REFRESH_INTERVAL_MS: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const logs: Record<string, unknown>[] = [];
  const waiters: { msg: string; resolve: () => void }[] = [];
  let rest = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    const parts = (rest + chunk.toString('utf8')).split('\n');
    rest = parts.pop()!;
    for (const p of parts.filter(Boolean)) {
      // JSON log lines, and a few human lifecycle lines (kept as {msg}).
      const line = (p.startsWith('{') ? JSON.parse(p) : { msg: p }) as Record<string, unknown>;
      logs.push(line);
      for (const w of waiters.filter((w) => String(line.msg).startsWith(w.msg))) w.resolve();
    }
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const waitForLog = (msg: string) =>
    logs.some((l) => String(l.msg).startsWith(msg)) ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ msg, resolve }));
  await Promise.race([waitForLog('paperboy listening'), exited.then((code) => Promise.reject(new Error(`serve exited with ${code}`)))]);
  const port = Number(/listening on http:\/\/[^:]+:(\d+)/.exec(String(logs.find((l) => String(l.msg).startsWith('paperboy listening'))!.msg))![1]);
  return { child, port, logs, exited, waitForLog };
}

/** Starts a JSON POST, sending all but the last byte; returns the request and its eventual status. */
function startHalfSentPost(port: number, path: string, body: string): { req: ClientRequest; status: Promise<number> } {
  let req!: ClientRequest;
  const status = new Promise<number>((resolve, reject) => {
    req = httpRequest({ port, host: '127.0.0.1', path, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
  });
  req.write(body.slice(0, -1));
  return { req, status };
}

for (const database of testDatabases()) {
  describe(`serve shuts down gracefully (${database.name})`, { timeout: 180_000 }, () => {
    let t: OpenedTestDb;
    let smtp: SmtpServerHandle;
    before(async () => {
      [t, smtp] = await Promise.all([database.open(), startSmtpServer()]);
    });
    after(async () => {
      await smtp.stop();
      await t.close();
    });

    test('SIGTERM drains the request in flight, closes the SMTP pool and exits 0', { timeout: 30_000 }, async () => {
      const server = await startServe({ DATABASE_URL: t.url, SMTP_URL: smtp.url, PUBLIC_URL: 'http://localhost' });
      // A confirmation mail opens the pooled SMTP connection, which stays open after the mail.
      const first = await fetch(`http://127.0.0.1:${server.port}/api/subscriptions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'first@example.org' }),
      });
      assert.equal(first.status, 202);
      await smtp.waitFor(1);
      const inFlight = startHalfSentPost(server.port, '/api/subscriptions', JSON.stringify({ email: 'late@example.org' }));
      // The request is in the server's hands (the readiness probe on another connection proves the
      // server is answering) before the signal.
      assert.equal((await fetch(`http://127.0.0.1:${server.port}/healthz`)).status, 200);
      server.child.kill('SIGTERM');
      await server.waitForLog('shutting down: draining requests');
      inFlight.req.end('}');
      assert.equal(await inFlight.status, 202, 'the request in flight is answered');
      assert.equal(await server.exited, 0);
      assert.ok(server.logs.some((l) => l.msg === 'stopped'));
    });

    test('a request that never finishes is cut after SHUTDOWN_TIMEOUT_MS and the process still exits', { timeout: 30_000 }, async () => {
      const server = await startServe({ DATABASE_URL: t.url, SHUTDOWN_TIMEOUT_MS: '300' });
      const stuck = startHalfSentPost(server.port, '/api/subscriptions', JSON.stringify({ email: 'never@example.org' }));
      stuck.status.catch(() => {}); // the connection is cut: that is the point
      assert.equal((await fetch(`http://127.0.0.1:${server.port}/healthz`)).status, 200);
      server.child.kill('SIGTERM');
      assert.equal(await server.exited, 0);
      assert.ok(server.logs.some((l) => l.level === 40 && /shutdown timeout/.test(String(l.msg))), 'says it cut connections');
    });

    test('serve --processes 2 stops both web processes and the primary on SIGTERM', { timeout: 60_000 }, async () => {
      const free = createServer();
      await new Promise<void>((r) => free.listen(0, '127.0.0.1', r));
      const port = (free.address() as { port: number }).port;
      await new Promise((r) => free.close(r));
      const child = spawn(process.execPath, [BIN, 'serve', '--processes', '2', '--no-jobs', '--port', String(port), '--host', '127.0.0.1'], {
        env: { ...process.env, DEMO_DIR: '', DATABASE_URL: t.url, SECRET_KEY: 'shared', SHUTDOWN_TIMEOUT_MS: '2000' },
        stdio: ['ignore', 'pipe', 'ignore'],
        detached: true, // its own process group: the web processes go too if it has to be killed
      });
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      let out = '';
      await new Promise<void>((resolve, reject) => {
        child.stdout!.on('data', (c: Buffer) => {
          out += c.toString();
          if ((out.match(/\] paperboy listening/g) ?? []).length === 2) resolve();
        });
        void exited.then((code) => reject(new Error(`serve exited with ${code}: ${out}`)));
      });
      assert.equal((await fetch(`http://127.0.0.1:${port}/healthz`)).status, 200);
      child.kill('SIGTERM');
      // Before the fix each web process drained, then stayed alive on its channel to the primary,
      // which waited for it forever.
      const code = await Promise.race([exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 20_000).unref())]);
      if (code === 'hung') process.kill(-child.pid!, 'SIGKILL');
      assert.equal(code, 0, 'the primary exits 0 once its web processes have stopped');
    });

    test('serve --processes 2: a web process replacing a killed one listens only once its search index is built', { timeout: 90_000 }, async () => {
      const free = createServer();
      await new Promise<void>((r) => free.listen(0, '127.0.0.1', r));
      const port = (free.address() as { port: number }).port;
      await new Promise((r) => free.close(r));
      // The demo corpus, so that building an index takes a while after the process starts.
      const child = spawn(process.execPath, [BIN, 'serve', '--processes', '2', '--no-jobs', '--port', String(port), '--host', '127.0.0.1'], {
        env: { ...process.env, DATABASE_URL: t.url, SECRET_KEY: 'shared', SHUTDOWN_TIMEOUT_MS: '2000', LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'pipe', 'ignore'],
        detached: true,
      });
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      const lines: string[] = [];
      const waiters: { re: RegExp; resolve: (m: RegExpExecArray) => void }[] = [];
      let rest = '';
      child.stdout!.on('data', (c: Buffer) => {
        const parts = (rest + c.toString()).split('\n');
        rest = parts.pop()!;
        for (const line of parts) {
          lines.push(line);
          for (const w of waiters) {
            const m = w.re.exec(line);
            if (m) w.resolve(m);
          }
        }
      });
      const waitFor = (re: RegExp) =>
        new Promise<RegExpExecArray>((resolve, reject) => {
          for (const line of lines) {
            const m = re.exec(line);
            if (m) return resolve(m);
          }
          waiters.push({ re, resolve });
          void exited.then((code) => reject(new Error(`serve exited with ${code}:\n${lines.join('\n')}`)));
        });
      try {
        const first = Number((await waitFor(/^\[(\d+)\] paperboy listening/))[1]);
        await waitFor(new RegExp(`^web process ${first} ready`));
        await waitFor(new RegExp(`^web process (?!${first} )\\d+ ready`)); // the other one: it serves meanwhile
        process.kill(first, 'SIGKILL');
        const replacement = Number((await waitFor(/^\[(\d+)\] other web processes are serving/))[1]);
        await waitFor(new RegExp(`^\\[${replacement}\\] paperboy listening`));
        const mine = lines.filter((l) => l.startsWith(`[${replacement}] `));
        const indexAt = mine.findIndex((l) => l.includes('search index ready'));
        const listenAt = mine.findIndex((l) => l.includes('paperboy listening'));
        assert.ok(indexAt >= 0 && indexAt < listenAt, `its index was ready before it listened:\n${mine.join('\n')}`);
        const probe = await fetch(`http://127.0.0.1:${port}/readyz`, { headers: { connection: 'close' } });
        assert.equal(probe.status, 200);
      } finally {
        child.kill('SIGTERM');
        const code = await Promise.race([exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 20_000).unref())]);
        if (code === 'hung') process.kill(-child.pid!, 'SIGKILL');
      }
    });
  });
}
