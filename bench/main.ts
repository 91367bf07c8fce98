// `npm run bench -- NAME [args]`: runs bench/NAME.ts, a side-by-side benchmark that prints its own table.
import { readdirSync } from 'node:fs';

const here = new URL('./', import.meta.url);
const names = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && f !== 'main.ts' && !f.startsWith('_'))
  .map((f) => f.slice(0, -3))
  .sort();

const [name, ...args] = process.argv.slice(2);
if (!name || !names.includes(name)) {
  process.stderr.write(`usage: npm run bench -- <${names.join('|')}> [options]\n`);
  process.exit(name ? 2 : 0);
}
const mod = (await import(new URL(`./${name}.ts`, here).href)) as { run(args: string[]): Promise<void> };
await mod.run(args);
