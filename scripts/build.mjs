// Compiles src/ to plain JavaScript in dist/ (same layout, one .js per .ts/.tsx), copies the files
// the code reads at run time (migrations, static assets), and bundles the parse worker into one
// file, so `bin/paperboy` starts without a TypeScript loader or a build.
// Runs on `npm install` / `npm ci` (the `prepare` script). Usage: node scripts/build.mjs [--out DIR]
import { cpSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

let build;
try {
  ({ build } = await import('esbuild'));
} catch {
  console.error('build: esbuild is not installed; it is a development dependency: run `npm install` (not --omit=dev), or build on a machine that has it and copy dist/');
  process.exit(1);
}

const root = fileURLToPath(new URL('..', import.meta.url));
const src = join(root, 'src');
const outFlag = process.argv.indexOf('--out');
const out = outFlag > 0 ? process.argv[outFlag + 1] : join(root, 'dist');

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}
const files = walk(src);
const sources = files.filter((f) => /\.tsx?$/.test(f) && !f.endsWith('.d.ts'));
const assets = files.filter((f) => !/\.tsx?$/.test(f));

rmSync(out, { recursive: true, force: true });
const started = Date.now();
await build({
  entryPoints: sources,
  outdir: out,
  outbase: src,
  // Each file stays its own module: its relative imports point at the sibling .js, packages
  // stay imports from node_modules. Lazy `import()`s of commands keep start-up small.
  bundle: true,
  packages: 'external',
  plugins: [{
    name: 'relative-imports-to-js',
    setup(b) {
      b.onResolve({ filter: /^\.\.?\// }, (args) => (args.kind === 'entry-point' ? undefined : { path: args.path.replace(/\.tsx?$/, '.js'), external: true }));
    },
  }],
  platform: 'node',
  format: 'esm',
  target: 'node20',
  tsconfig: join(root, 'tsconfig.json'),
  logLevel: 'warning',
});
for (const f of assets) cpSync(f, join(out, relative(src, f)));
// The parse worker runs with `new Worker(code, { eval: true })`: one CommonJS file with all it imports.
await build({
  entryPoints: [join(src, 'ingest', 'parse-worker.ts')],
  outfile: join(out, 'ingest', 'parse-worker.bundle.cjs'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  logLevel: 'warning',
});
console.log(`built ${sources.length} modules and ${assets.length} assets into ${relative(root, out) || out} in ${Date.now() - started} ms`);
