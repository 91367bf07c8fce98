// Papers as read from the store, kept between reads while unchanged: a listing then reads only each
// row's stamp (id, modification time, members' upvotes, hidden) and the whole rows of the papers it
// does not hold yet. Reading and parsing 30-50 whole rows (abstracts, authors and links as JSON) was
// a large share of an uncached listing's time.
import type { Paper } from '../model.ts';

/** What a listing reads of each row to know whether a kept paper is still the stored one. */
export interface PaperStamp {
  id: string;
  modified_at: number | string;
  community_upvotes: number | string | null;
  hidden_at: number | string | null;
}

/**
 * Every write to a paper's catalog columns sets its modified_at; the columns that change without it
 * (members' upvotes, hidden) are in the stamp and read on every use. So a kept paper is the stored
 * one while its modification time is the same. Papers handed out are shared: callers must not
 * change them (none does; they are copied where they differ, as with withCommunityLinks).
 */
export class PaperMemo {
  private readonly kept = new Map<string, { modifiedAt: number; paper: Paper }>();
  constructor(private readonly maxPapers = 5000) {}

  /** The kept paper for a stamp with the stamp's upvotes, or undefined when not kept or changed since. */
  get(stamp: PaperStamp): Paper | undefined {
    const known = this.kept.get(stamp.id);
    if (!known || known.modifiedAt !== Number(stamp.modified_at)) return undefined;
    const upvotes = Number(stamp.community_upvotes ?? 0);
    return upvotes ? { ...known.paper, communityUpvotes: upvotes } : known.paper;
  }

  /** Keeps a paper as read (its members' upvotes are not kept: they come with each stamp). */
  set(paper: Paper): void {
    const { communityUpvotes: _, ...base } = paper;
    this.kept.delete(paper.id);
    this.kept.set(paper.id, { modifiedAt: Number(paper.modifiedAt), paper: base });
    if (this.kept.size > this.maxPapers) this.kept.delete(this.kept.keys().next().value!);
  }
}
