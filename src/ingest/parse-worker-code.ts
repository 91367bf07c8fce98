// The parse worker as one plain JavaScript bundle. A worker started from the TypeScript
// source would load tsx's loader in each thread, ~32 MB of memory per worker (measured) that a
// bulk import cannot spare; the bundle needs none of it. The build (scripts/build.mjs) writes it
// beside the compiled module in dist/; run from the sources (tests, development), it is made
// with esbuild, a development dependency, once per process.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

let source: string | null = null;

/**
 * What `new Worker` starts: the built bundle's file (a .cjs path, so Node runs it as CommonJS
 * whatever the package type), or, from the sources, the bundle's code to evaluate.
 */
export function parseWorkerEntry(): { entry: URL | string; eval: boolean } {
  const built = new URL('./parse-worker.bundle.cjs', import.meta.url);
  if (existsSync(built)) return { entry: built, eval: false };
  source ??= bundleFromSource();
  return { entry: source, eval: true };
}

function bundleFromSource(): string {
  const { buildSync } = createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
  const result = buildSync({
    entryPoints: [fileURLToPath(new URL('./parse-worker.ts', import.meta.url))],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}
