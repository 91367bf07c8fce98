// What the paper page shows a member of their own library: their collections, where this paper is saved, what they follow.
import type { Db } from '../db/db.ts';
import { listPaperSaves, listUserCollections, type Collection, type CollectionEntry } from '../store/collections.ts';
import { listFollows, type Follow } from '../store/follows.ts';
import type { MemberLibrary } from '../store/member-marks.ts';

export interface PaperLibraryView {
  collections: Collection[];
  /** The member's collections holding this paper, with the note there. */
  savedIn: { collection: Collection; entry: CollectionEntry }[];
  follows: Follow[];
}

export async function loadPaperLibrary(db: Db, userId: number, paperId: string): Promise<PaperLibraryView> {
  const [collections, follows, saves] = await Promise.all([listUserCollections(db, userId), listFollows(db, userId), listPaperSaves(db, userId, paperId)]);
  return paperLibraryView({ collections, follows, saves });
}

/** The view from the member's library as read (here, or with their other marks in store/member-marks.ts). */
export function paperLibraryView({ collections, follows, saves }: MemberLibrary): PaperLibraryView {
  const byId = new Map(collections.map((c) => [c.id, c]));
  const savedIn = saves.flatMap((s) => (byId.has(s.collectionId) ? [{ collection: byId.get(s.collectionId)!, entry: s.entry }] : []));
  return { collections, savedIn, follows };
}
