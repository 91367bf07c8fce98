// Builds the search service a process uses from its Config (embedder choice, fusion weight, polling).
import type { Db } from '../db/db.ts';
import type { Config } from '../config.ts';
import { createEmbedder } from './embedders.ts';
import { createSearchService, type SearchService, type SearchServiceOptions } from './service.ts';

export async function openSearchService(db: Db, config: Config, overrides: SearchServiceOptions = {}): Promise<SearchService> {
  return createSearchService(db, {
    embedder: await createEmbedder(config),
    hybridWeight: config.search.hybridWeight,
    refreshMs: config.search.refreshMs,
    ...overrides,
  });
}
