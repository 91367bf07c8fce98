// What the response cache learns while a handler renders an answer it will keep: which papers and
// listings the answer shows (so a write drops only the answers it changes), and, when the answer is
// a member's page template, the places where each member's own parts go (see page-slots.tsx).
import { randomBytes } from 'node:crypto';
import type { AppContext, Viewer } from './context.ts';
import type { PaperCommunityView } from '../community/paper-view.ts';
import type { Paper } from '../model.ts';

/** A piece of a member's page that depends on who is asking, filled in per request. */
export type ViewerSlot =
  /** An upvote toggle: both states rendered once (split where the CSRF token goes), picked per member. */
  | { kind: 'vote'; paperId: string; on: string[]; off: string[] }
  /**
   * The paper page's community block (claim, moderation, discussion with the member's own edit
   * links): the paper's side as loaded for the template, the member's claim read per request.
   */
  | { kind: 'discussion'; view: PaperCommunityView }
  /** A row's save control: both states rendered once (split where the CSRF token goes), picked per member. */
  | { kind: 'save'; paperId: string; on: string[]; off: string[] }
  /** The paper page's reading-list block (the member's collections and note), rendered per request. */
  | { kind: 'library'; paper: Paper };

/** Tag of every answer that shows a paper (its counts, title, or whether it is listed at all). */
export const paperTag = (id: string) => `paper:${id}`;
/** Tag of answers whose order follows the trending score, which every vote moves. */
export const TRENDING_TAG = 'trending';

export class RenderRecord {
  readonly tags = new Set<string>();
  readonly slots: ViewerSlot[] = [];
  /** Random per render: no paper text can contain a mark by accident or design. */
  private readonly nonce = randomBytes(9).toString('base64url').replace(/[-_]/g, 'x');
  /** Stands for the visitor's CSRF token in the stored text (letters and digits: escaping leaves it as is). */
  readonly csrfMark = `pbslot${this.nonce}c`;
  /** Stands for the member's name (names are a-z, 0-9, _ and -, so escaped or URL-encoded it is the same text). */
  readonly nameMark = `pbslot${this.nonce}n`;

  constructor(
    /** The member class a template is rendered for; null for an answer everyone gets as is. */
    readonly templateRole: Viewer['role'] | null,
  ) {}

  /** The stand-in viewer a member's template is rendered as: a member's frame with no one's data. */
  templateViewer(): Viewer | null {
    return this.templateRole === null ? null : { id: 0, name: this.nameMark, email: '', role: this.templateRole };
  }

  /** Reserves a slot and returns the mark that stands for it in the rendered text. */
  slot(slot: ViewerSlot): string {
    this.slots.push(slot);
    return `pbslot${this.nonce}s${this.slots.length - 1}x`;
  }

  /** Splits rendered text at the marks: text parts, and between each two the slot that goes there. */
  split(text: string): { parts: string[]; refs: SlotRef[] } {
    const parts: string[] = [];
    const refs: SlotRef[] = [];
    const mark = new RegExp(`pbslot${this.nonce}(?:(c)|(n)|s(\\d+)x)`, 'g');
    let last = 0;
    for (const m of text.matchAll(mark)) {
      parts.push(text.slice(last, m.index));
      refs.push(m[1] ? 'csrf' : m[2] ? 'name' : this.slots[Number(m[3])]!);
      last = m.index + m[0].length;
    }
    parts.push(text.slice(last));
    return { parts, refs };
  }
}

export type SlotRef = 'csrf' | 'name' | ViewerSlot;

/**
 * A slot's text for one visitor: a string, or a toggle's chosen state as rendered (its `on` or
 * `off` pieces, joined with the visitor's CSRF token when sent), so the cache can reuse the
 * compressed form it made of those pieces.
 */
export type SlotText = string | readonly string[];

/** The record of the render in progress, if the response cache is keeping this answer. */
export function renderRecord(c: AppContext): RenderRecord | null {
  return c.get('render') ?? null;
}

/** Notes the papers an answer shows, so a vote or comment on one of them drops it. */
export function tagPapers(c: AppContext, ids: Iterable<string>): void {
  const record = renderRecord(c);
  if (record) for (const id of ids) record.tags.add(paperTag(id));
}

/** Notes that an answer is ordered by the trending score. */
export function tagTrending(c: AppContext): void {
  renderRecord(c)?.tags.add(TRENDING_TAG);
}
