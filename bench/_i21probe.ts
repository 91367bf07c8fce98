import { loadConfig } from '../src/config.ts';
import { openDb, sql } from '../src/db/db.ts';
import { createApp } from '../src/web/app.ts';
const url = 'postgres://postgres@127.0.0.1:5432/test?schema=bench_http';
const db = await openDb(url);
const config = loadConfig({ DATABASE_URL: url, DEMO_DIR: '', RESPONSE_CACHE_ENTRIES: process.argv[2] ?? '0' });
const app = createApp({ db, config, mailer: null });
const ids = (await db.all<{ id: string }>(sql`SELECT id FROM papers ORDER BY id DESC LIMIT 20`)).map((r) => r.id);
for (const path of ['/', '/?window=month', '/papers', `/papers/${ids[3]}`, '/about', '/api/daily_papers', '/api/papers/trending?window=week']) {
  const times: number[] = [];
  for (let i = 0; i < 6; i++) {
    const t0 = performance.now();
    const res = await app.request(path);
    await res.arrayBuffer();
    times.push(Math.round(performance.now() - t0));
    if (res.status !== 200) times.push(-res.status);
  }
  console.log(path.padEnd(40), times.join(' '));
}
await db.close();
