// Builds (once) a JSON-lines file of N papers new to the bench corpus, for "while importing" runs:
// the real arxiv-cs records of ../shared/data, replayed under fresh ids (2701.00000 …) with the
// replica number in the title, so an import of it writes N new papers the search must index.
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { once } from 'node:events';

const SHARED = new URL('../../shared/data/', import.meta.url).pathname;

export async function benchImportFile(n: number, log: (s: string) => void): Promise<string> {
  const dir = new URL('../data/bench/', import.meta.url).pathname;
  const path = join(dir, `import-${n}.jsonl`);
  if (existsSync(path)) return path;
  mkdirSync(dir, { recursive: true });
  const src = join(SHARED, 'arxiv-cs');
  const files = readdirSync(src).filter((f) => f.endsWith('.jsonl.gz')).sort();
  const out = createWriteStream(`${path}.building`);
  let written = 0;
  for (let replica = 0; written < n; replica++) {
    for (const file of files) {
      for (const line of gunzipSync(readFileSync(join(src, file))).toString('utf8').split('\n')) {
        if (!line.trim() || written >= n) continue;
        const r = JSON.parse(line);
        // Months 2701…: one month holds 100,000 ids (five digits).
        const id = `27${String(1 + Math.floor(written / 100_000)).padStart(2, '0')}.${String(written % 100_000).padStart(5, '0')}`;
        const record = { id, title: `${r.title} (replica ${replica + 1})`, summary: r.summary, authors: r.authors, categories: r.categories, comment: r.comment };
        if (!out.write(`${JSON.stringify(record)}\n`)) await once(out, 'drain');
        written++;
      }
      if (written >= n) break;
    }
  }
  out.end();
  await once(out, 'finish');
  renameSync(`${path}.building`, path);
  log(`built bench import file: ${written} papers → ${path}\n`);
  return path;
}
