// SQL for harvest cursors: where an OAI-PMH (or other) harvest stopped, so a restart resumes there.
import { sql, type Db } from '../db/db.ts';

export interface HarvestState {
  /** Which harvest: e.g. `arxiv-oai:cs:arXiv`. */
  name: string;
  /** The parameters it was started with (JSON): a token is only valid for the same query. */
  params: string;
  /** The resumptionToken to continue from; null when the last harvest completed. */
  token: string | null;
  /** Records harvested so far under these params. */
  harvested: number;
  updatedAt: number;
}

interface HarvestRow {
  name: string;
  params: string;
  token: string | null;
  harvested: number;
  updated_at: number;
}

export async function getHarvestState(db: Db, name: string): Promise<HarvestState | null> {
  const row = await db.get<HarvestRow>(sql`SELECT name, params, token, harvested, updated_at FROM harvest_state WHERE name = ${name}`);
  return row ? { name: row.name, params: row.params, token: row.token, harvested: Number(row.harvested), updatedAt: Number(row.updated_at) } : null;
}

export async function saveHarvestState(db: Db, state: HarvestState): Promise<void> {
  await db.run(sql`INSERT INTO harvest_state (name, params, token, harvested, updated_at)
    VALUES (${state.name}, ${state.params}, ${state.token}, ${state.harvested}, ${state.updatedAt})
    ON CONFLICT (name) DO UPDATE SET params = excluded.params, token = excluded.token,
      harvested = excluded.harvested, updated_at = excluded.updated_at`);
}

/** When each stored harvest (OAI-PMH set, Hugging Face days) last made progress. */
export async function listHarvestProgress(db: Db): Promise<{ name: string; updatedAt: number; harvested: number }[]> {
  const rows = await db.all<{ name: string; updated_at: number; harvested: number }>(sql`SELECT name, updated_at, harvested FROM harvest_state ORDER BY name`);
  return rows.map((r) => ({ name: r.name, updatedAt: Number(r.updated_at), harvested: Number(r.harvested) }));
}
