// `npm run bench -- startup [--runs N] [--root DIR]`: how long `bin/paperboy --help` takes to
// exit, and how long `bin/paperboy serve` takes until it accepts a TCP connection (SQLite, the
// demo corpus already loaded, --no-jobs), medians of N runs. --root measures another checkout
// (built with `npm run build`), e.g. an older commit, with this same harness.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { median, option } from './_http-measure.ts';

function stringOption(args: string[], name: string): string | null {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? (args[i + 1] ?? null) : null;
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as { port: number }).port;
  server.close();
  await once(server, 'close');
  return port;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), done(true)));
    socket.once('error', () => done(false));
  });
}

/** Milliseconds from spawn to exit (`--help`) or to the first accepted connection (`serve`). */
async function timeOnce(bin: string, args: string[], env: NodeJS.ProcessEnv, port: number | null): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, [bin, ...args], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  try {
    if (port === null) {
      const [code] = (await once(child, 'exit')) as [number];
      if (code !== 0) throw new Error(`${bin} ${args.join(' ')} exited with ${code}`);
      return performance.now() - started;
    }
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${bin} ${args.join(' ')} exited with ${child.exitCode} before accepting`);
      if (await accepts(port)) return performance.now() - started;
      await new Promise((r) => setTimeout(r, 2));
    }
  } finally {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  }
}

export async function run(args: string[]): Promise<void> {
  const runs = option(args, 'runs', 10);
  const root = resolve(stringOption(args, 'root') ?? new URL('..', import.meta.url).pathname);
  const bin = join(root, 'bin/paperboy');
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-startup-'));
  const env = { ...process.env, DATABASE_URL: `sqlite:${join(dir, 'startup.db')}`, LOG_LEVEL: 'warn', SMTP_URL: '' };
  try {
    // The first start loads the demo corpus into the empty database; it is not measured.
    const first = await freePort();
    await timeOnce(bin, ['serve', '--no-jobs', '--port', String(first)], env, first);
    console.log(`# bench startup: ${root}, ${runs} runs each (medians); ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    const help: number[] = [];
    const serve: number[] = [];
    for (let i = 0; i < runs; i++) {
      help.push(await timeOnce(bin, ['--help'], env, null));
      const port = await freePort();
      serve.push(await timeOnce(bin, ['serve', '--no-jobs', '--port', String(port)], env, port));
    }
    const fmt = (ms: number[]) => `${median(ms).toFixed(0).padStart(6)} ms  (min ${Math.min(...ms).toFixed(0)}, max ${Math.max(...ms).toFixed(0)})`;
    console.log(`bin/paperboy --help            ${fmt(help)}`);
    console.log(`bin/paperboy serve → accepting ${fmt(serve)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
