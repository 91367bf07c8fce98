// Loads recorded Hugging Face daily_papers days (from data/demo) into a test database through the real parser.
import type { Db } from '../../src/db/db.ts';
import type { PaperInput } from '../../src/model.ts';
import { upsertPapers } from '../../src/store/papers.ts';
import { syncPaperRepos } from '../../src/trending/sync-repos.ts';
import { parseHfDaily } from '../../src/ingest/parse-hf-daily.ts';
import { demoDayText } from './fixtures.ts';

export function hfDayInputs(day: string): PaperInput[] {
  const name = `${day}.json`;
  const { papers, rejects } = parseHfDaily(demoDayText(day), name);
  if (rejects.length) throw new Error(`${name}: ${rejects.map((r) => `${r.where}: ${r.reason}`).join('; ')}`);
  return papers;
}

/** Upserts the given recorded days; returns how many papers went in. */
export async function loadHfDays(db: Db, days: string[]): Promise<number> {
  const inputs = days.flatMap(hfDayInputs);
  await upsertPapers(db, inputs);
  // As an import does: link code repositories and Hugging Face counts, which trending ranks on.
  await syncPaperRepos(db);
  return inputs.length;
}
