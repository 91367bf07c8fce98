// The CLI run in the test's own process, with what it printed on each stream.
import { PassThrough } from 'node:stream';
import { main } from '../../src/main.ts';

export async function runCli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  const code = await main(args, { stdout, stderr });
  return { code, out, err };
}
