// A collection's visible papers with their notes: what its page, feeds, exports and API list.
import type { Db } from '../db/db.ts';
import type { Paper } from '../model.ts';
import { getPapersByIds } from '../store/papers.ts';
import { listCollectionEntries } from '../store/collections.ts';

export interface CollectionPaper {
  paper: Paper;
  note: string;
  addedAt: number;
}

/** A collection's visible papers with their notes, newest saved first. */
export async function loadCollectionPapers(db: Db, collectionId: number): Promise<CollectionPaper[]> {
  const entries = await listCollectionEntries(db, collectionId);
  const papers = new Map((await getPapersByIds(db, entries.map((e) => e.paperId), { visibleOnly: true })).map((p) => [p.id, p]));
  return entries.flatMap((e) => {
    const paper = papers.get(e.paperId);
    return paper ? [{ paper, note: e.note, addedAt: e.addedAt }] : [];
  });
}
