// Parsed records sorted for the store: records with an id become catalog rows (merged later only
// if the paper is already known), listing entries without one wait to be matched by title, and
// rejects are reported.
import type { PaperInput, Reject } from '../model.ts';
import { rowFromInput, type PaperRow } from '../store/paper-row.ts';

export interface RowChunk {
  rows: PaperRow[];
  /** Listing entries, which name no arXiv id: the importer looks their titles up. */
  untitled: PaperInput[];
  rejects: Reject[];
}

export const emptyChunk = (): RowChunk => ({ rows: [], untitled: [], rejects: [] });

/** Adds parsed items to a chunk; building each row here is the costly half of an upsert. */
export function addToChunk(chunk: RowChunk, items: readonly (PaperInput | Reject)[]): RowChunk {
  for (const item of items) {
    if ('reason' in item) chunk.rejects.push(item);
    else if (item.id === '') chunk.untitled.push(item);
    else chunk.rows.push(rowFromInput(item));
  }
  return chunk;
}

export const chunkSize = (c: RowChunk): number => c.rows.length + c.untitled.length + c.rejects.length;
