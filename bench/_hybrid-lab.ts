// Throwaway lab: builds the search bench's index once (same corpus and code path as bench/search.ts),
// then runs experiment modules dropped into a directory against it, so variants are timed side by
// side in one process without a 5-minute rebuild each. Usage:
//   node --import tsx bench/_hybrid-lab.ts --scale 1000000 --dir /tmp/i20lab   (server)
//   bench/_hybrid-lab-run /tmp/i20lab path/to/experiment.ts                      (client, under bench-run)
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readBeirQueries } from '../src/search/beir.ts';
import { IndexState } from '../src/search/index-state.ts';
import { SEARCH_BM25 } from '../src/search/service.ts';
import { DEFAULT_VECTOR_OPTIONS } from '../src/search/vector-index.ts';
import type { Paper } from '../src/model.ts';
import { loadArxivCs, corpus, asPaper } from './search.ts';

const DATA = new URL('../../shared/data/', import.meta.url).pathname;
const args = process.argv.slice(2);
const scale = Number(args[args.indexOf('--scale') + 1] ?? 0) || 0;
const dir = args[args.indexOf('--dir') + 1];

const all = await loadArxivCs();
const held = all.filter((_, i) => i % 170 === 0).slice(0, 350);
const heldIds = new Set(held.map((d) => d.id));
const base = all.filter((d) => !heldIds.has(d.id));
const size = scale || base.length;
const scifact = [...(await readBeirQueries(join(DATA, 'beir-scifact'))).values()];
const titles = held.map((d) => d.title);
const sentences = held.map((d) => d.abstract.split(/(?<=\.)\s/)[0]);
const queries = [...scifact, ...titles, ...sentences].slice(0, 1000);
const kinds = queries.map((_, i) => (i < scifact.length ? 'scifact' : i < scifact.length + titles.length ? 'title' : 'sentence'));

const t0 = performance.now();
const state = new IndexState({ bm25: SEARCH_BM25, vectors: DEFAULT_VECTOR_OPTIONS, lsa: {} }, null);
let batch: Paper[] = [];
for (const d of corpus(base, size)) {
  batch.push(asPaper(d));
  if (batch.length === 5000) {
    await state.add(batch);
    batch = [];
  }
}
await state.add(batch);
state.commit();
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
