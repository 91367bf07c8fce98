// The parse worker's code as one plain JavaScript bundle, made with esbuild when first needed.
// A worker started from the TypeScript source would load tsx's loader in each thread, ~32 MB of
// memory per worker (measured) that a bulk import cannot spare; the bundle needs none of it.
import { buildSync } from 'esbuild';
import { fileURLToPath } from 'node:url';

let source: string | null = null;

/** CommonJS source of parse-worker.ts and everything it imports, for `new Worker(code, { eval: true })`. */
export function parseWorkerSource(): string {
  if (source === null) {
    const result = buildSync({
      entryPoints: [fileURLToPath(new URL('./parse-worker.ts', import.meta.url))],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      write: false,
      logLevel: 'silent',
    });
    source = result.outputFiles[0].text;
  }
  return source;
}
