// SQL for search: the stored embedder model, and the change feed the in-memory indexes follow.
import { sql, type Db } from '../db/db.ts';

/** Replaces a stored model's parts in one transaction. */
export async function saveSearchModel(db: Db, name: string, parts: readonly string[], now = Date.now()): Promise<void> {
  await db.transaction(async (tx) => {
    await deleteSearchModel(tx, name);
    for (let i = 0; i < parts.length; i++) {
      await tx.run(sql`INSERT INTO search_models (name, part, data, created_at) VALUES (${name}, ${i}, ${parts[i]}, ${now})`);
    }
  });
}

export async function deleteSearchModel(db: Db, name: string): Promise<void> {
  await db.run(sql`DELETE FROM search_models WHERE name = ${name}`);
}

/** A stored model's parts in order, or null when there is none. */
export async function loadSearchModel(db: Db, name: string): Promise<string[] | null> {
  const rows = await db.all<{ data: string }>(sql`SELECT data FROM search_models WHERE name = ${name} ORDER BY part`);
  return rows.length ? rows.map((r) => r.data) : null;
}

export interface PaperChange {
  id: string;
  modified_at: number;
}

/**
 * Papers changed after the cursor (modified_at, id), oldest first, via the modified_at index: the
 * durable queue of the search index. Any process that imports papers bumps modified_at in the same
 * transaction as the change, so a search index in another process catches up by polling this.
 */
export async function listPaperChangesSince(db: Db, since: number, afterId: string, limit: number): Promise<PaperChange[]> {
  const rows = await db.all<PaperChange>(
    sql`SELECT id, modified_at FROM papers
        WHERE modified_at > ${since} OR (modified_at = ${since} AND id > ${afterId})
        ORDER BY modified_at, id LIMIT ${limit}`,
  );
  return rows.map((r) => ({ id: r.id, modified_at: Number(r.modified_at) }));
}
