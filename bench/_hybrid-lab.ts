// Throwaway lab: builds the search bench's index once (same corpus and code path as bench/search.ts),
// then runs experiment modules dropped into a directory against it, so variants are timed side by
// side in one process without a 5-minute rebuild each. Usage:
//   node --import tsx bench/_hybrid-lab.ts --scale 1000000 --dir /tmp/i20lab   (server)
//   bench/_hybrid-lab-run /tmp/i20lab path/to/experiment.ts                      (client, under bench-run)
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { benchQueries, buildKeywordIndex } from './search.ts';

const args = process.argv.slice(2);
const scale = Number(args[args.indexOf('--scale') + 1] ?? 0) || 0;
const dir = args[args.indexOf('--dir') + 1];

const { base, scifact, titles, queries } = await benchQueries();
const size = scale || base.length;
const kinds = queries.map((_, i) => (i < scifact.length ? 'scifact' : i < scifact.length + titles.length ? 'title' : 'sentence'));

const t0 = performance.now();
const state = await buildKeywordIndex(base, size);
state.useLsa(state.trainLsa());
console.log(`built ${size} in ${((performance.now() - t0) / 1000).toFixed(1)} s; RSS ${Math.round(process.memoryUsage().rss / 1048576)} MB`);
writeFileSync(join(dir, 'ready'), String(process.pid));

let n = 0;
for (;;) {
  const reqs = readdirSync(dir).filter((f) => /^req-\d+\.json$/.test(f) && !existsSync(join(dir, f.replace('req', 'res').replace('.json', '.txt'))));
  if (reqs.length === 0) {
    await new Promise((r) => setTimeout(r, 300));
    continue;
  }
  const f = reqs.sort()[0];
  const req = JSON.parse(readFileSync(join(dir, f), 'utf8'));
  const lines: string[] = [];
  const log = (s: string) => {
    lines.push(s);
    console.log(s);
  };
  try {
    const mod = await import(`${pathToFileURL(req.module).href}?v=${++n}`);
    await mod.default({ state, queries, kinds, log, args: req.args ?? [] });
  } catch (e) {
    log(`ERROR ${(e as Error).stack}`);
  }
  writeFileSync(join(dir, f.replace('req', 'res').replace('.json', '.txt')), lines.join('\n') + '\n');
}
