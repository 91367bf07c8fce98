// Renders the first page of a PDF to a PNG with Poppler's `pdftoppm` (Debian: poppler-utils), in a
// child process: a hostile or broken PDF can then crash, hang or bloat only that process, which
// is killed at a deadline, never the worker that runs the job.
import { spawn } from 'node:child_process';

export interface RenderOptions {
  /** The program to run; `pdftoppm` from PATH unless told. */
  command?: string;
  /** Width of the rendered page in pixels (height follows the page's shape). */
  width?: number;
  timeoutMs?: number;
  /** Largest PNG accepted from the renderer. */
  maxOutputBytes?: number;
}

/** The renderer could not run at all (not installed): a setup fact, not a fault of the paper. */
export class RendererMissing extends Error {}

/** `true` when `command -v` answers, i.e. PDF figures can be made on this machine. */
export async function pdfRendererAvailable(command = 'pdftoppm'): Promise<boolean> {
  try {
    await run(command, ['-v'], Buffer.alloc(0), 10_000, 64 * 1024);
    return true;
  } catch (err) {
    if (err instanceof RendererMissing) return false;
    throw err;
  }
}

/** Page 1 of `pdf` as a PNG `width` pixels wide; throws naming what the renderer said when it cannot. */
export async function renderFirstPage(pdf: Buffer, opts: RenderOptions = {}): Promise<Buffer> {
  const width = opts.width ?? 1280;
  // `-` reads the PDF from stdin and, with -singlefile and no output root, writes the PNG to stdout.
  const args = ['-f', '1', '-l', '1', '-singlefile', '-png', '-scale-to-x', String(width), '-scale-to-y', '-1', '-'];
  const png = await run(opts.command ?? 'pdftoppm', args, pdf, opts.timeoutMs ?? 30_000, opts.maxOutputBytes ?? 32 * 1024 * 1024);
  if (png.length === 0) throw new Error('the PDF renderer produced no image');
  return png;
}

function run(command: string, args: string[], input: Buffer, timeoutMs: number, maxOutputBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let outBytes = 0;
    let stderr = '';
    let failure: Error | null = null;
    const stop = (err: Error) => {
      failure ??= err;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(() => stop(new Error(`the PDF renderer took more than ${timeoutMs} ms`)), timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      outBytes += chunk.length;
      if (outBytes > maxOutputBytes) stop(new Error(`the rendered page is larger than ${maxOutputBytes} bytes`));
      else out.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 2000) stderr += chunk.toString('utf8');
    });
    // The renderer may stop reading a broken file early; that is its answer, not ours to report.
    child.stdin.on('error', () => {});
    child.stdin.end(input);
    child.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(err.code === 'ENOENT' ? new RendererMissing(`${command} is not installed (Debian: apt-get install poppler-utils)`) : err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (failure) return reject(failure);
      if (code !== 0) {
        const said = stderr.split('\n').map((l) => l.trim()).filter(Boolean).slice(0, 2).join('; ');
        return reject(new Error(`not a readable PDF (${command} exited ${code}${said ? `: ${said}` : ''})`));
      }
      resolve(Buffer.concat(out));
    });
  });
}
