// A real HTTP server over the shipped demo corpus (data/demo) on a fresh test database, for tests
// that drive the service with other people's clients (huggingface_hub, the MCP SDK).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { loadConfig } from '../../src/config.ts';
import type { Db } from '../../src/db/db.ts';
import { loadDemoIfEmpty } from '../../src/ingest/demo.ts';
import { createSearchService } from '../../src/search/service.ts';
import { createApp } from '../../src/web/app.ts';
import type { TestDatabase } from './db.ts';

export const DEMO_DIR = new URL('../../data/demo/', import.meta.url).pathname;

export interface DemoServer {
  /** Base URL, e.g. http://127.0.0.1:40123 (no trailing slash). */
  url: string;
  db: Db;
  /** The database's URL, for child processes (bin/paperboy) working on the same data. */
  dbUrl: string;
  close(): Promise<void>;
}

export async function startDemoServer(database: TestDatabase): Promise<DemoServer> {
  const opened = await database.open();
  const config = loadConfig({ DEMO_DIR, PUBLIC_URL: 'http://127.0.0.1' });
  const loaded = await loadDemoIfEmpty(opened.db, config);
  if (!loaded) throw new Error(`the demo corpus did not load from ${DEMO_DIR}`);
  const search = createSearchService(opened.db, { refreshMs: -1 });
  await search.refresh();
  const app = createApp({ db: opened.db, config, search });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    db: opened.db,
    dbUrl: opened.url,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await opened.close();
    },
  };
}

/** One recorded Hugging Face daily_papers item of the demo corpus (only the fields tests read). */
export interface RecordedItem {
  paper: { id: string; title: string; upvotes: number; authors: { name: string; hidden: boolean }[]; githubRepo?: string; githubStars?: number; ai_keywords?: string[] };
  numComments: number;
  submittedBy: { _id: string; name: string; fullname: string; avatarUrl: string; type: string };
  organization?: { name: string; fullname: string };
}

/** The demo's recorded days, by day (YYYY-MM-DD), in order. */
export function recordedDays(): Map<string, RecordedItem[]> {
  const dir = join(DEMO_DIR, 'hf-daily-papers');
  const days = new Map<string, RecordedItem[]>();
  for (const f of readdirSync(dir).sort()) days.set(f.slice(0, 10), JSON.parse(gunzipSync(readFileSync(join(dir, f))).toString('utf8')));
  return days;
}
