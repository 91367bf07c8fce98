// Loads the shipped demo corpus (data/demo) into an empty catalog on first start.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config.ts';
import type { Db } from '../db/db.ts';
import { countPapers } from '../store/papers.ts';
import { syncPaperRepos } from '../trending/sync-repos.ts';
import { importPaths, type ImportSummary } from './import.ts';

/**
 * Imports `config.demoDir` when the papers table is empty; null when it did nothing (papers
 * present, demo disabled with DEMO_DIR='', or the directory missing).
 */
export async function loadDemoIfEmpty(db: Db, config: Config): Promise<ImportSummary | null> {
  if (!config.demoDir || !existsSync(config.demoDir)) return null;
  if ((await countPapers(db)) > 0) return null;
  // Everything in the directory but its README is data.
  const paths = readdirSync(config.demoDir)
    .filter((f) => !/^readme/i.test(f) && !f.startsWith('.'))
    .sort()
    .map((f) => join(config.demoDir, f));
  const summary = await importPaths(db, paths);
  await syncPaperRepos(db);
  return summary;
}
