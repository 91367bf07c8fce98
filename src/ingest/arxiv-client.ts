// Fetches single papers from the arXiv API (`/api/query?id_list=`), e.g. for a community submission.
import { InputError } from '../errors.ts';
import type { PaperInput } from '../model.ts';
import { parseArxivId } from './normalize-id.ts';
import { parseArxivAtom } from './parse-arxiv-atom.ts';
import type { PoliteClient } from './polite-client.ts';

/**
 * The paper an arXiv id (or abs/pdf URL) names, from the arXiv API; null when arXiv has no such
 * paper. A malformed id is an InputError before any request is made.
 */
export async function fetchArxivPaper(client: PoliteClient, apiUrl: string, idOrUrl: string): Promise<PaperInput | null> {
  const key = parseArxivId(idOrUrl);
  if (!key) throw new InputError(`not an arXiv id or URL: ${JSON.stringify(idOrUrl)}`);
  const url = new URL(apiUrl);
  url.searchParams.set('id_list', key.version ? `${key.id}v${key.version}` : key.id);
  url.searchParams.set('max_results', '1');
  const res = await client.get(url.toString());
  const parsed = parseArxivAtom(res.body, `arXiv API ${key.id}`);
  if (res.status !== 200 || (parsed.papers.length === 0 && parsed.rejects.length > 0)) {
    const why = parsed.rejects[0]?.reason ?? `HTTP ${res.status}`;
    throw new InputError(`arXiv API could not look up ${key.id}: ${why}`);
  }
  return parsed.papers.find((p) => p.id === key.id) ?? null;
}
