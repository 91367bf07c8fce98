// Builds (once) and caches the benchmark corpus: the 60k real arXiv cs papers of
// ../shared/data/arxiv-cs plus every recorded Hugging Face Daily Papers day, in a SQLite file.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { openDb, type Db } from '../src/db/db.ts';
import { migrate } from '../src/db/migrate.ts';
import type { PaperInput } from '../src/model.ts';
import { upsertPapers, countPapers } from '../src/store/papers.ts';
import { syncPaperRepos } from '../src/trending/sync-repos.ts';

const SHARED = new URL('../../shared/data/', import.meta.url).pathname;
const BLANK: Omit<PaperInput, 'id' | 'title' | 'source'> = {
  version: 0, versions: [], abstract: '', authors: [], categories: [], primaryCategory: null, comments: null,
  journalRef: null, doi: null, license: null, publishedAt: null, updatedAt: null, codeUrls: [], projectUrls: [], daily: null,
};

function* arxivInputs(): Generator<PaperInput> {
  const dir = join(SHARED, 'arxiv-cs');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.jsonl.gz')).sort()) {
    for (const line of gunzipSync(readFileSync(join(dir, file))).toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      const r = JSON.parse(line);
      yield {
        ...BLANK, id: r.id, title: String(r.title).replace(/\s+/g, ' '), abstract: String(r.summary ?? '').replace(/\s+/g, ' '),
        authors: r.authors ?? [], categories: r.categories ?? [], primaryCategory: r.categories?.[0] ?? null,
        comments: r.comment ?? null, publishedAt: Date.parse(`${r._listing_date}T00:00:00Z`), source: 'jsonl',
      };
    }
  }
}

function* hfInputs(): Generator<PaperInput> {
  const dir = join(SHARED, 'hf-daily-papers');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const day = file.slice(0, 10);
    for (const item of JSON.parse(readFileSync(join(dir, file), 'utf8'))) {
      const p = item.paper;
      yield {
        ...BLANK, id: p.id, title: p.title, abstract: p.summary ?? '', authors: (p.authors ?? []).map((a: { name: string }) => a.name),
        publishedAt: Date.parse(p.publishedAt), codeUrls: p.githubRepo ? [p.githubRepo] : [], projectUrls: p.projectPage ? [p.projectPage] : [],
        source: 'hf-daily',
        daily: { featuredOn: day, submittedBy: item.submittedBy?.name ?? null, upvotes: p.upvotes ?? 0, numComments: item.numComments ?? 0,
          githubStars: p.githubStars ?? null, aiKeywords: p.ai_keywords ?? [], aiSummary: p.ai_summary ?? null },
      };
    }
  }
}

async function loadCorpus(db: Db, bulk: boolean): Promise<void> {
  let batch: PaperInput[] = [];
  const flush = async () => {
    if (batch.length) await upsertPapers(db, batch, Date.now(), { bulk });
    batch = [];
  };
  for (const gen of [arxivInputs(), hfInputs()]) {
    for (const input of gen) {
      batch.push(input);
      if (batch.length === 2000) await flush();
    }
    await flush();
  }
}

/**
 * Links papers to their repositories and seeds star and upvote history from the Daily Papers facts,
 * as `paperboy import` does after loading; without it nothing trends and `/` is an empty page. A
 * no-op on a corpus already linked (the sync keeps a cursor).
 */
async function linkRepos(db: Db): Promise<void> {
  await syncPaperRepos(db, 5000);
}

/**
 * The same corpus in a PostgreSQL schema (`bench_http` of the URL's database), loaded once: a
 * schema that already holds it is reused. Returns the DATABASE_URL that selects it.
 */
export async function benchCorpusPostgres(baseUrl: string, log: (s: string) => void): Promise<string> {
  const u = new URL(baseUrl);
  u.searchParams.set('schema', 'bench_http');
  const url = u.toString();
  const db = await openDb(url);
  try {
    await migrate(db);
    if ((await countPapers(db)) >= 60_000) return await linkRepos(db), url;
    const started = Date.now();
    await loadCorpus(db, true);
    await linkRepos(db);
    log(`loaded bench corpus into PostgreSQL: ${await countPapers(db)} papers in ${((Date.now() - started) / 1000).toFixed(0)} s (schema bench_http)\n`);
    return url;
  } finally {
    await db.close();
  }
}

/** Path of the cached corpus database, building it first when absent (a minute or two). */
export async function benchCorpus(log: (s: string) => void): Promise<string> {
  const dir = new URL('../data/bench/', import.meta.url).pathname;
  const path = join(dir, 'http.db');
  if (existsSync(path)) {
    const db = await openDb(`sqlite:${path}`);
    await linkRepos(db).finally(() => db.close());
    return path;
  }
  mkdirSync(dir, { recursive: true });
  const tmp = `${path}.building`;
  rmSync(tmp, { force: true });
  const db = await openDb(`sqlite:${tmp}`);
  await migrate(db);
  const started = Date.now();
  await loadCorpus(db, false);
  await linkRepos(db);
  log(`built bench corpus: ${await countPapers(db)} papers in ${((Date.now() - started) / 1000).toFixed(0)} s → ${path}\n`);
  await db.close();
  renameSync(tmp, path);
  return path;
}
