// SQL for collections: a member's named lists of saved papers (public or private), with a note per paper.
import { sql, join, type Db } from '../db/db.ts';

export interface Collection {
  id: number;
  userId: number;
  /** The owner's public handle. */
  owner: string;
  name: string;
  description: string;
  isPublic: boolean;
  createdAt: number;
  updatedAt: number;
  papers: number;
}

export interface CollectionEntry {
  paperId: string;
  note: string;
  addedAt: number;
}

interface CollectionRow {
  id: number;
  user_id: number;
  owner: string;
  name: string;
  description: string;
  is_public: number;
  created_at: number;
  updated_at: number;
  papers: number;
}

const toCollection = (r: CollectionRow): Collection => ({
  id: Number(r.id),
  userId: Number(r.user_id),
  owner: r.owner,
  name: r.name,
  description: r.description,
  isPublic: Number(r.is_public) === 1,
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
  papers: Number(r.papers),
});

const SELECT_COLLECTION = sql`SELECT c.id, c.user_id, u.name AS owner, c.name, c.description, c.is_public, c.created_at, c.updated_at,
    (SELECT COUNT(*) FROM collection_papers cp WHERE cp.collection_id = c.id) AS papers
  FROM collections c JOIN users u ON u.id = c.user_id`;

/** Creates a collection; null when the member already has one of that name. */
export async function insertCollection(
  db: Db,
  c: { userId: number; name: string; description?: string; isPublic: boolean },
  now = Date.now(),
): Promise<number | null> {
  const row = await db.get<{ id: number }>(sql`INSERT INTO collections (user_id, name, description, is_public, created_at, updated_at)
    VALUES (${c.userId}, ${c.name}, ${c.description ?? ''}, ${c.isPublic ? 1 : 0}, ${now}, ${now})
    ON CONFLICT DO NOTHING RETURNING id`);
  return row ? Number(row.id) : null;
}

/** The member's collection of that name, created (private) when missing: the target of a quick "save". */
export async function ensureCollection(db: Db, userId: number, name: string, now = Date.now()): Promise<number> {
  const made = await insertCollection(db, { userId, name, isPublic: false }, now);
  if (made !== null) return made;
  const row = await db.get<{ id: number }>(sql`SELECT id FROM collections WHERE user_id = ${userId} AND name = ${name}`);
  return Number(row!.id);
}

export async function getCollection(db: Db, id: number): Promise<Collection | null> {
  const row = await db.get<CollectionRow>(sql`${SELECT_COLLECTION} WHERE c.id = ${id}`);
  return row ? toCollection(row) : null;
}

/** A member's collections, most recently changed first. */
export async function listUserCollections(db: Db, userId: number, opts: { publicOnly?: boolean } = {}): Promise<Collection[]> {
  const rows = await db.all<CollectionRow>(sql`${SELECT_COLLECTION} WHERE c.user_id = ${userId}
    ${opts.publicOnly ? sql`AND c.is_public = 1` : sql``} ORDER BY c.updated_at DESC, c.id DESC`);
  return rows.map(toCollection);
}

/** Renames, re-describes or changes the visibility of a member's own collection; false when it is not theirs or the name is taken. */
export async function updateCollection(
  db: Db,
  userId: number,
  id: number,
  c: { name: string; description: string; isPublic: boolean },
  now = Date.now(),
): Promise<boolean> {
  const clash = await db.get(sql`SELECT 1 AS x FROM collections WHERE user_id = ${userId} AND name = ${c.name} AND id <> ${id}`);
  if (clash) return false;
  const n = await db.run(sql`UPDATE collections SET name = ${c.name}, description = ${c.description}, is_public = ${c.isPublic ? 1 : 0}, updated_at = ${now}
    WHERE id = ${id} AND user_id = ${userId}`);
  return n > 0;
}

export async function deleteCollection(db: Db, userId: number, id: number): Promise<boolean> {
  return (await db.run(sql`DELETE FROM collections WHERE id = ${id} AND user_id = ${userId}`)) > 0;
}

/**
 * Saves a paper into a collection (or updates its note); the collection's updated_at moves too,
 * so "recently changed" lists and the member's model stamp see it.
 */
export async function savePaperToCollection(db: Db, collectionId: number, paperId: string, note: string, now = Date.now()): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.run(sql`INSERT INTO collection_papers (collection_id, paper_id, note, added_at) VALUES (${collectionId}, ${paperId}, ${note}, ${now})
      ON CONFLICT (collection_id, paper_id) DO UPDATE SET note = excluded.note`);
    await tx.run(sql`UPDATE collections SET updated_at = ${now} WHERE id = ${collectionId}`);
  });
}

export async function removePaperFromCollection(db: Db, collectionId: number, paperId: string, now = Date.now()): Promise<boolean> {
  return db.transaction(async (tx) => {
    const n = await tx.run(sql`DELETE FROM collection_papers WHERE collection_id = ${collectionId} AND paper_id = ${paperId}`);
    if (n > 0) await tx.run(sql`UPDATE collections SET updated_at = ${now} WHERE id = ${collectionId}`);
    return n > 0;
  });
}

/** A collection's papers, newest saved first. */
export async function listCollectionEntries(db: Db, collectionId: number, limit = 1000): Promise<CollectionEntry[]> {
  const rows = await db.all<{ paper_id: string; note: string; added_at: number }>(sql`SELECT paper_id, note, added_at FROM collection_papers
    WHERE collection_id = ${collectionId} ORDER BY added_at DESC, paper_id LIMIT ${limit}`);
  return rows.map((r) => ({ paperId: r.paper_id, note: r.note, addedAt: Number(r.added_at) }));
}

/** Of these papers, the ones the member saved in any collection (for rendering many rows at once). */
export async function listSavedPaperIds(db: Db, userId: number, paperIds: readonly string[]): Promise<Set<string>> {
  if (paperIds.length === 0) return new Set();
  const rows = await db.all<{ paper_id: string }>(sql`SELECT DISTINCT cp.paper_id FROM collection_papers cp
    JOIN collections c ON c.id = cp.collection_id WHERE c.user_id = ${userId} AND cp.paper_id IN (${join([...paperIds])})`);
  return new Set(rows.map((r) => r.paper_id));
}

/** Every paper the member saved, with the collection it is in (a paper in two collections appears twice). */
export async function listUserSavedPapers(db: Db, userId: number): Promise<{ paperId: string; collectionId: number; collection: string; addedAt: number }[]> {
  const rows = await db.all<{ paper_id: string; collection_id: number; name: string; added_at: number }>(sql`SELECT cp.paper_id, cp.collection_id, c.name, cp.added_at
    FROM collection_papers cp JOIN collections c ON c.id = cp.collection_id WHERE c.user_id = ${userId} ORDER BY cp.added_at DESC`);
  return rows.map((r) => ({ paperId: r.paper_id, collectionId: Number(r.collection_id), collection: r.name, addedAt: Number(r.added_at) }));
}

/** The papers of public collections (for followers' feeds), newest saved first. */
export async function listPublicCollectionPapers(db: Db, collectionIds: readonly number[], limit = 500): Promise<{ paperId: string; collectionId: number }[]> {
  if (collectionIds.length === 0) return [];
  const rows = await db.all<{ paper_id: string; collection_id: number }>(sql`SELECT cp.paper_id, cp.collection_id FROM collection_papers cp
    JOIN collections c ON c.id = cp.collection_id
    WHERE c.is_public = 1 AND cp.collection_id IN (${join([...collectionIds])}) ORDER BY cp.added_at DESC LIMIT ${limit}`);
  return rows.map((r) => ({ paperId: r.paper_id, collectionId: Number(r.collection_id) }));
}

export async function deleteUserCollections(db: Db, userId: number): Promise<number> {
  return db.run(sql`DELETE FROM collections WHERE user_id = ${userId}`);
}

/** Where a member saved one paper: their collections holding it, with the note in each. */
export async function listPaperSaves(db: Db, userId: number, paperId: string): Promise<{ collectionId: number; entry: CollectionEntry }[]> {
  const rows = await db.all<{ collection_id: number; note: string; added_at: number }>(sql`SELECT cp.collection_id, cp.note, cp.added_at
    FROM collection_papers cp JOIN collections c ON c.id = cp.collection_id
    WHERE c.user_id = ${userId} AND cp.paper_id = ${paperId} ORDER BY cp.added_at`);
  return rows.map((r) => ({ collectionId: Number(r.collection_id), entry: { paperId, note: r.note, addedAt: Number(r.added_at) } }));
}
