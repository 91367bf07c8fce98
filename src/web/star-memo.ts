// Star histories and what is drawn from them (a listing row's sparkline, the paper page's chart),
// kept between requests. They change only when star data is written (a harvest's snapshots, a
// repository linked or unlinked, a refresh changing which repository is a paper's main one or its
// name), yet every uncached front page read its 30 rows' snapshots and drew 30 sparklines, and
// every paper page read and drew its chart again. They are kept under the star-data version
// (store/data-version.ts: a counter the database's triggers move with every such write, from any
// process), which each page reads in the statement it already makes (store/page-reads.ts), with
// the snapshots of what is not kept, or of everything when the version has moved.
import { createHash } from 'node:crypto';
import type { KeptHistories, StarHistory } from '../store/page-reads.ts';
import { renderSparkline, renderStarChart } from './components/star-chart.ts';

/** A row's sparkline markup and a short key that changes with it (for the kept rows' key, paper-row.tsx). */
export interface Sparkline {
  svg: string;
  key: string;
}

/** One paper's kept history and the drawings made of it so far. */
interface Entry {
  history: StarHistory;
  /** Undefined until drawn; null when there is nothing to draw (no history). */
  sparkline?: Sparkline | null;
  chart?: { repo: string; svg: string };
  /** Roughly the bytes it holds, for the memo's bound. */
  weight: number;
}

/**
 * What one request found kept, handed to its read (as page-reads.ts KeptHistories) and back here
 * with what the read brought. The entries `has` answered yes for are held here, so that another
 * request's read moving the kept version, or evicting them, cannot leave this one without them.
 */
export interface KnownStars extends KeptHistories {
  readonly entries: ReadonlyMap<string, Entry>;
}

export interface StarMemo {
  /** What is kept now, for this request's read to leave out. */
  known(): KnownStars;
  /**
   * The sparklines of a listing's papers (those with any history), after a read given `known`:
   * the kept ones while the version read is theirs, the rest drawn from the histories read; all
   * kept under the version read.
   */
  sparklines(ids: readonly string[], known: KnownStars, read: { version: number; histories: ReadonlyMap<string, StarHistory> }): Map<string, Sparkline>;
  /** The kept version of the paper's history, for its page's read (readPaperPage keptHistory); undefined when not kept. */
  versionFor(known: KnownStars, paperId: string): number | undefined;
  /** The paper page's chart of its main repository `repo`, after its read given `known` (as sparklines). */
  chart(paperId: string, repo: string, known: KnownStars, read: { starVersion: number; history: StarHistory }): string;
}

/** What a kept string costs: V8 keeps markup with ★ or − as two bytes a character. */
const POINT_BYTES = 48;

export function createStarMemo(opts: { maxBytes?: number } = {}): StarMemo {
  // 16 MB holds the drawings of a few thousand papers with a year of daily snapshots.
  const maxBytes = opts.maxBytes ?? 16 * 1024 * 1024;
  // The kept entries are all of one version: a new version starts an empty map (the old one is
  // left to requests still holding entries of it), so nothing kept can outlive its version.
  let version: number | null = null;
  let kept = new Map<string, Entry>();
  let bytes = 0;

  // Least recently used first (a Map iterates in insertion order); the entry last used stays.
  const trim = () => {
    while (bytes > maxBytes && kept.size > 1) {
      const [oldest, old] = kept.entries().next().value!;
      kept.delete(oldest);
      bytes -= old.weight;
    }
  };

  const keep = (id: string, entry: Entry) => {
    const before = kept.get(id);
    if (before) bytes -= before.weight;
    kept.delete(id);
    kept.set(id, entry);
    bytes += entry.weight;
    trim();
  };

  /** The entries of `ids` as of read version `v`: kept ones where the read left them out, new ones from the read. */
  const settle = (ids: readonly string[], known: KnownStars, v: number, histories: (id: string) => StarHistory | undefined): Map<string, Entry> => {
    if (version !== v) {
      version = v;
      kept = new Map();
      bytes = 0;
    }
    const out = new Map<string, Entry>();
    for (const id of ids) {
      // The read left a paper out only when the kept version was the one read (page-reads.ts).
      const held = known.version === v ? known.entries.get(id) : undefined;
      const history = held ? held.history : (histories(id) ?? []);
      const entry = held ?? { history, weight: 64 + history.length * POINT_BYTES };
      keep(id, entry);
      out.set(id, entry);
    }
    return out;
  };

  const redraw = (id: string, entry: Entry, draw: () => void) => {
    const before = entry.weight;
    draw();
    // Drawn once per entry and version: what it adds counts against the bound from now on.
    if (kept.get(id) === entry) {
      bytes += entry.weight - before;
      trim();
    }
  };

  return {
    known() {
      const v = version ?? -1;
      const map = kept;
      const entries = new Map<string, Entry>();
      return {
        version: v,
        entries,
        has(id) {
          const entry = map.get(id);
          if (entry) entries.set(id, entry);
          return entry !== undefined;
        },
      };
    },
    sparklines(ids, known, read) {
      const out = new Map<string, Sparkline>();
      for (const [id, entry] of settle(ids, known, read.version, (id) => read.histories.get(id))) {
        if (entry.sparkline === undefined) {
          redraw(id, entry, () => {
            const svg = renderSparkline(entry.history);
            // A digest, not the markup, goes into each kept row's key: joining 30 rows' markup into
            // keys on every request cost more than looking them up.
            entry.sparkline = svg ? { svg, key: createHash('sha1').update(svg).digest('base64url') } : null;
            entry.weight += svg.length * 2;
          });
        }
        if (entry.sparkline) out.set(id, entry.sparkline);
      }
      return out;
    },
    versionFor(known, paperId) {
      return known.has(paperId) ? known.version : undefined;
    },
    chart(paperId, repo, known, read) {
      const entry = settle([paperId], known, read.starVersion, () => read.history).get(paperId)!;
      // The repository's name is read with the page; a rename also moves the version.
      if (entry.chart?.repo !== repo) {
        redraw(paperId, entry, () => {
          const svg = renderStarChart(entry.history, { repo, id: paperId });
          entry.weight += svg.length * 2 - (entry.chart ? entry.chart.svg.length * 2 : 0);
          entry.chart = { repo, svg };
        });
      }
      return entry.chart!.svg;
    },
  };
}
