// Fetches one day of Hugging Face Daily Papers (`/api/daily_papers?date=`) into the catalog.
import type { Db } from '../db/db.ts';
import { InputError } from '../errors.ts';
import type { Reject } from '../model.ts';
import { upsertPapers } from '../store/papers.ts';
import { parseHfDaily } from './parse-hf-daily.ts';
import type { PoliteClient } from './polite-client.ts';

export interface HfDaySummary {
  day: string;
  read: number;
  new: number;
  updated: number;
  unchanged: number;
  rejects: Reject[];
}

export async function harvestHfDay(db: Db, client: PoliteClient, apiUrl: string, day: string): Promise<HfDaySummary> {
  const url = `${apiUrl}/daily_papers?date=${encodeURIComponent(day)}`;
  const res = await client.get(url);
  if (res.status !== 200) throw new InputError(`Hugging Face ${url}: HTTP ${res.status}`);
  // The name carries the day: the API answers per day, so that is the day the papers were featured.
  const { papers, rejects } = parseHfDaily(res.body, `daily_papers/${day}`);
  const r = papers.length ? await upsertPapers(db, papers) : { created: 0, updated: 0, unchanged: 0 };
  return { day, read: papers.length, new: r.created, updated: r.updated, unchanged: r.unchanged, rejects };
}
