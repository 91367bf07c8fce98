// One measured phase of `npm run bench -- import`, run in its own process so its peak RSS is its own.
// Usage: _import-child.ts pipeline|bare DATABASE_URL DIR   → prints one JSON line.
import { readdirSync, createReadStream } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { openDb } from '../src/db/db.ts';
import { sqliteHandle } from '../src/db/sqlite.ts';
import { migrate } from '../src/db/migrate.ts';
import { importPaths } from '../src/ingest/import.ts';
import { fileRecords } from '../src/ingest/file-records.ts';
import { ByteSource, gunzipSource } from '../src/ingest/read-source.ts';
import { COLUMNS, toRow, type PaperRow } from '../src/store/papers.ts';
import { paperFromInput } from '../src/store/merge-paper.ts';

const [mode, url, dir] = process.argv.slice(2);

async function parseAll(): Promise<PaperRow[]> {
  const rows: PaperRow[] = [];
  const now = Date.now();
  for (const f of readdirSync(dir).sort()) {
    const src = gunzipSource(new ByteSource(createReadStream(join(dir, f))));
    for await (const items of fileRecords(src, f, 'jsonl')) {
      for (const item of items) if (!('reason' in item)) rows.push(toRow(paperFromInput(item), now, now));
    }
  }
  return rows;
}

function categoryRows(r: PaperRow): unknown[][] {
  return (JSON.parse(r.categories) as string[]).map((c) => [c, r.id, c === r.primary_category ? 1 : 0, r.published_at]);
}

const db = await openDb(url);
await migrate(db);
let papers = 0;
let ms = 0;
let cpu = process.cpuUsage();
if (mode === 'pipeline') {
  cpu = process.cpuUsage();
  const t = performance.now();
  const s = await importPaths(db, [dir]);
  ms = performance.now() - t;
  papers = s.new;
} else {
  const rows = await parseAll();
  papers = rows.length;
  const insertPaper = `INSERT INTO papers (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((_, i) => (db.dialect === 'sqlite' ? '?' : `$${i + 1}`)).join(', ')})`;
  const insertCat = db.dialect === 'sqlite'
    ? 'INSERT INTO paper_categories (category, paper_id, is_primary, published_at) VALUES (?, ?, ?, ?)'
    : 'INSERT INTO paper_categories (category, paper_id, is_primary, published_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING';
  if (db.dialect === 'sqlite') {
    const raw = sqliteHandle(db)!;
    const p = raw.prepare(insertPaper);
    const c = raw.prepare(insertCat.replace('VALUES', 'VALUES').concat(' ON CONFLICT DO NOTHING'));
    cpu = process.cpuUsage();
    const t = performance.now();
    raw.transaction(() => {
      for (const r of rows) {
        p.run(COLUMNS.map((k) => r[k]));
        for (const cr of categoryRows(r)) c.run(cr);
      }
    })();
    ms = performance.now() - t;
  } else {
    // The same statements, prepared once (named), one round trip per row, in one transaction.
    const u = new URL(url);
    const schema = u.searchParams.get('schema');
    u.searchParams.delete('schema');
    const client = new pg.Client({ connectionString: u.toString(), options: schema ? `-c search_path=${schema}` : undefined });
    await client.connect();
    cpu = process.cpuUsage();
    const t = performance.now();
    await client.query('BEGIN');
    for (const r of rows) {
      await client.query({ name: 'p', text: insertPaper, values: COLUMNS.map((k) => r[k]) });
      for (const cr of categoryRows(r)) await client.query({ name: 'c', text: insertCat, values: cr });
    }
    await client.query('COMMIT');
    ms = performance.now() - t;
    await client.end();
  }
}
const used = process.cpuUsage(cpu);
const cpuMs = (used.user + used.system) / 1000;
await db.close();
process.stdout.write(`${JSON.stringify({ mode, papers, ms, cpuMs, maxRssMB: process.resourceUsage().maxRSS / 1024 })}\n`);
