// The search thread's code as one plain JavaScript bundle, made with esbuild when first needed (as
// the parse worker's: no TypeScript loader in the thread). Native drivers stay outside the bundle
// and are required relative to this file, so the thread finds them whatever the working directory.
import { buildSync } from 'esbuild';
import { fileURLToPath } from 'node:url';

let source: string | null = null;

export function searchThreadSource(): string {
  if (source === null) {
    const result = buildSync({
      entryPoints: [fileURLToPath(new URL('./search-thread.ts', import.meta.url))],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      write: false,
      logLevel: 'silent',
      external: ['better-sqlite3', 'pg', 'pg-native', 'pg-copy-streams', 'onnxruntime-node'],
    });
    // An eval'd worker resolves require() from the working directory; `var` may rebind the
    // CommonJS wrapper's parameter, so the bundle's require() resolves from the repository instead.
    const here = JSON.stringify(fileURLToPath(import.meta.url));
    source = `var require = require('node:module').createRequire(${here});\n${result.outputFiles[0]!.text}`;
  }
  return source;
}
