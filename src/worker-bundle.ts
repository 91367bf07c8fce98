// A worker thread's code as one plain JavaScript bundle, so no TypeScript loader runs in the
// thread (tsx's loader costs ~32 MB per worker, measured). The build (scripts/build.mjs) writes
// each bundle beside its compiled module in dist/; run from the sources (tests, development), the
// bundle is made with esbuild, a development dependency, once per process.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export interface WorkerEntry {
  /** The built bundle's file (a .cjs path, so Node runs it as CommonJS), or code to evaluate. */
  entry: URL | string;
  eval: boolean;
}

const made = new Map<string, string>();

/**
 * What `new Worker` starts for `name.ts` in the folder `dir`: `name.bundle.cjs` when built, else
 * the bundle made now. `external` packages (native drivers) are required at run time instead, and
 * then resolved from this repository rather than from the working directory.
 */
export function workerEntry(dir: URL, name: string, external: readonly string[] = []): WorkerEntry {
  const built = new URL(`./${name}.bundle.cjs`, dir);
  if (existsSync(built)) return { entry: built, eval: false };
  const source = new URL(`./${name}.ts`, dir);
  let code = made.get(source.href);
  if (code === undefined) {
    const { buildSync } = createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
    const result = buildSync({
      entryPoints: [fileURLToPath(source)],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      write: false,
      logLevel: 'silent',
      external: [...external],
    });
    // An eval'd worker resolves require() from the working directory; `var` may rebind the
    // CommonJS wrapper's parameter, so the bundle's require() resolves from here instead.
    const prelude = external.length ? `var require = require('node:module').createRequire(${JSON.stringify(fileURLToPath(source))});\n` : '';
    code = prelude + result.outputFiles[0]!.text;
    made.set(source.href, code);
  }
  return { entry: code, eval: true };
}
