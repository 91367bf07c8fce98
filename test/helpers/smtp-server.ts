// Starts the SMTP sink (smtp-sink-process.ts) as a separate process and reads what it received.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { simpleParser, type ParsedMail } from 'mailparser';

export interface ReceivedMail {
  from: string | null;
  to: string[];
  raw: string;
  at: number;
}

export interface SmtpServerHandle {
  port: number;
  /** `smtp://127.0.0.1:PORT` for SMTP_URL. */
  url: string;
  /** Every message accepted so far, in arrival order. */
  received(): ReceivedMail[];
  /** Parsed with mailparser (headers, text, html). */
  parsed(): Promise<ParsedMail[]>;
  /** Resolves once at least `n` messages arrived (or rejects after `timeoutMs`). */
  waitFor(n: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  setFaults(f: { tempFailNext?: number; tempFailAll?: boolean; rejectRecipients?: string[]; greylist?: boolean }): Promise<void>;
  /** Stop listening: new connections are refused (ECONNREFUSED) until up(). */
  down(): Promise<void>;
  up(): Promise<void>;
  stop(): Promise<void>;
}

const SINK = fileURLToPath(new URL('./smtp-sink-process.ts', import.meta.url));

export async function startSmtpServer(): Promise<SmtpServerHandle> {
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-smtp-'));
  const file = join(dir, 'messages.jsonl');
  const child: ChildProcess = fork(SINK, [file, '0'], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`SMTP sink exited with ${code}`)));
    child.on('message', (m: { ready?: boolean; port?: number }) => m.ready && resolve(m.port!));
  });
  let nextId = 1;
  const call = (cmd: string, value?: unknown) =>
    new Promise<void>((resolve) => {
      const id = nextId++;
      const onMessage = (m: { id?: number }) => {
        if (m.id === id) {
          child.off('message', onMessage);
          resolve();
        }
      };
      child.on('message', onMessage);
      child.send({ cmd, value, id });
    });
  // The sink appends while we read, so the text may end in half a line: only lines that end in a
  // newline are complete messages; the rest is read next time.
  const received = (): ReceivedMail[] => {
    if (!existsSync(file)) return [];
    const text = readFileSync(file, 'utf8');
    const complete = text.slice(0, text.lastIndexOf('\n') + 1);
    return complete
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as ReceivedMail);
  };
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received,
    parsed: () => Promise.all(received().map((m) => simpleParser(m.raw))),
    async waitFor(n, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const got = received();
        if (got.length >= n) return got;
        if (Date.now() > deadline) throw new Error(`expected ${n} messages, got ${got.length} after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    setFaults: (f) => call('faults', f),
    down: () => call('down'),
    up: () => call('up'),
    async stop() {
      child.removeAllListeners('exit');
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
