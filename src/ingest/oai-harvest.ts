// Harvests arXiv over OAI-PMH (ListRecords, metadataPrefix=arXiv) into the catalog, page by page
// with resumption tokens, storing the token after each page so a crash resumes where it stopped.
import type { Db } from '../db/db.ts';
import { InputError } from '../errors.ts';
import type { Reject } from '../model.ts';
import { getHarvestState, saveHarvestState } from '../store/harvest-state.ts';
import { upsertPapers } from '../store/papers.ts';
import { parseOaiPmh } from './parse-oai-pmh.ts';
import type { PoliteClient } from './polite-client.ts';

export interface OaiHarvestOptions {
  baseUrl: string;
  set?: string;
  /** YYYY-MM-DD, inclusive, on arXiv's datestamps (last metadata change). */
  from?: string;
  until?: string;
  metadataPrefix?: 'arXiv' | 'arXivRaw';
  /** Stop after this many pages in a row without records (a misbehaving server loops forever). */
  maxEmptyPages?: number;
  /** Stop after this many pages (0: no limit); the token is kept so the next run continues. */
  maxPages?: number;
  onPage?: (p: OaiHarvestSummary) => void;
}

export interface OaiHarvestSummary {
  pages: number;
  records: number;
  new: number;
  updated: number;
  unchanged: number;
  rejects: Reject[];
  /** True when it continued from a stored resumption token. */
  resumed: boolean;
  /** True when the server said the list is complete. */
  complete: boolean;
  /** Why it stopped before the end, if it did. */
  stoppedBecause: string | null;
}

/** The harvest_state name for a query: one cursor per set and metadata format. */
export function oaiStateName(set: string | undefined, prefix: string): string {
  return `arxiv-oai:${set ?? '*'}:${prefix}`;
}

export async function harvestOai(db: Db, client: PoliteClient, opts: OaiHarvestOptions): Promise<OaiHarvestSummary> {
  const prefix = opts.metadataPrefix ?? 'arXiv';
  const name = oaiStateName(opts.set, prefix);
  const params = JSON.stringify({ set: opts.set ?? null, from: opts.from ?? null, until: opts.until ?? null, prefix });
  const stored = await getHarvestState(db, name);
  // A token belongs to the query that produced it: resume only the same query.
  let token = stored && stored.params === params ? stored.token : null;
  let harvested = stored && stored.params === params && token ? stored.harvested : 0;
  const summary: OaiHarvestSummary = {
    pages: 0, records: 0, new: 0, updated: 0, unchanged: 0, rejects: [], resumed: token !== null, complete: false, stoppedBecause: null,
  };
  let emptyPages = 0;
  for (;;) {
    const url = new URL(opts.baseUrl);
    url.searchParams.set('verb', 'ListRecords');
    if (token) url.searchParams.set('resumptionToken', token);
    else {
      url.searchParams.set('metadataPrefix', prefix);
      if (opts.set) url.searchParams.set('set', opts.set);
      if (opts.from) url.searchParams.set('from', opts.from);
      if (opts.until) url.searchParams.set('until', opts.until);
    }
    const res = await client.get(url.toString());
    const page = parseOaiPmh(res.body, `${url.search}`);
    if (res.status !== 200) throw new InputError(`OAI-PMH ${url}: HTTP ${res.status}`);
    const error = page.state.error;
    if (error && error.code !== 'noRecordsMatch') {
      if (error.code === 'badResumptionToken') await saveHarvestState(db, { name, params, token: null, harvested, updatedAt: Date.now() });
      throw new InputError(`OAI-PMH error ${error.code}: ${error.message}`);
    }
    summary.pages++;
    if (page.papers.length) {
      const r = await upsertPapers(db, page.papers);
      summary.new += r.created;
      summary.updated += r.updated;
      summary.unchanged += r.unchanged;
    }
    summary.records += page.papers.length;
    summary.rejects.push(...page.rejects.filter((x) => !/deleted upstream/.test(x.reason)));
    harvested += page.papers.length;
    token = page.state.resumptionToken;
    // Saved after the page is stored: a crash in between re-fetches the page, which is idempotent.
    await saveHarvestState(db, { name, params, token, harvested, updatedAt: Date.now() });
    opts.onPage?.(summary);
    if (!token) {
      summary.complete = true;
      return summary;
    }
    emptyPages = page.papers.length === 0 && page.rejects.length === 0 ? emptyPages + 1 : 0;
    if (emptyPages >= (opts.maxEmptyPages ?? 3)) {
      summary.stoppedBecause = `${emptyPages} pages in a row without records`;
      return summary;
    }
    if (opts.maxPages && summary.pages >= opts.maxPages) {
      summary.stoppedBecause = `reached --max-pages ${opts.maxPages}; run again to continue`;
      return summary;
    }
  }
}
