// The search thread's code as one plain JavaScript bundle (as the parse worker's: no TypeScript
// loader in the thread). The build (scripts/build.mjs) writes it beside the compiled module in
// dist/; run from the sources (tests, development), it is made with esbuild, a development
// dependency, once per process. Native drivers stay outside the bundle.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** Native and optional packages the bundle requires at run time instead of containing. */
export const SEARCH_THREAD_EXTERNALS = ['better-sqlite3', 'pg', 'pg-native', 'pg-copy-streams', 'onnxruntime-node'];

let source: string | null = null;

/** What `new Worker` starts: the built bundle's file, or, from the sources, the bundle's code to evaluate. */
export function searchThreadEntry(): { entry: URL | string; eval: boolean } {
  const built = new URL('./search-thread.bundle.cjs', import.meta.url);
  if (existsSync(built)) return { entry: built, eval: false };
  source ??= bundleFromSource();
  return { entry: source, eval: true };
}

function bundleFromSource(): string {
  const { buildSync } = createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
  const result = buildSync({
    entryPoints: [fileURLToPath(new URL('./search-thread.ts', import.meta.url))],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    logLevel: 'silent',
    external: SEARCH_THREAD_EXTERNALS,
  });
  // An eval'd worker resolves require() from the working directory; `var` may rebind the
  // CommonJS wrapper's parameter, so the bundle's require() resolves from the repository instead.
  const here = JSON.stringify(fileURLToPath(import.meta.url));
  return `var require = require('node:module').createRequire(${here});\n${result.outputFiles[0]!.text}`;
}
