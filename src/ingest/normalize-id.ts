// Normalises every spelling of an arXiv identifier (URLs, `arXiv:` prefixes, versions) to its bare id.

export interface ArxivId {
  /** The id without version: `2503.12533`, `hep-th/9901001`. */
  id: string;
  /** The version the spelling named (`v2` → 2), 0 when it named none. */
  version: number;
}

// New style since 2007: YYMM.NNNN (to 2014) or YYMM.NNNNN; old style: archive[.SUBJ]/YYMMNNN.
const NEW_STYLE = /^(\d{4}\.\d{4,5})(?:v(\d{1,4}))?$/;
const OLD_STYLE = /^([a-z][a-z-]*)(?:\.[A-Za-z-]{1,6})?\/(\d{7})(?:v(\d{1,4}))?$/;
const PREFIXES = [
  /^https?:\/\/(?:www\.|export\.)?arxiv\.org\/(?:abs|pdf|html)\//i,
  /^oai:arxiv\.org:/i,
  /^arxiv:\s*/i,
];

/**
 * The arXiv id a string names, or null when it names none. Accepts `2503.12533v2`,
 * `arXiv:2503.12533`, `https://arxiv.org/abs/hep-th/9901001v3`, `https://arxiv.org/pdf/2503.12533.pdf`
 * and `oai:arXiv.org:1412.8544`. An old-style subject class (`math.GT/0309136`) is dropped because
 * arXiv itself keys those papers by `math/0309136`.
 */
export function parseArxivId(raw: string): ArxivId | null {
  let s = raw.trim();
  for (const p of PREFIXES) s = s.replace(p, '');
  s = s.replace(/\.pdf$/i, '').replace(/[?#].*$/, '').replace(/\/+$/, '');
  const n = NEW_STYLE.exec(s);
  if (n) return { id: n[1], version: n[2] ? Number(n[2]) : 0 };
  const o = OLD_STYLE.exec(s);
  if (o) return { id: `${o[1]}/${o[2]}`, version: o[3] ? Number(o[3]) : 0 };
  return null;
}

/** Ids of other collections (BEIR document ids, DOIs-as-ids): short, printable, no spaces. */
const OTHER_ID = /^[A-Za-z0-9][A-Za-z0-9._:\/-]{0,127}$/;

/**
 * The key a record is stored under: its arXiv id when it has one, otherwise the source's own id
 * when it is a plain token (BEIR corpora use numeric ids), otherwise null.
 */
export function recordId(raw: unknown): ArxivId | null {
  if (typeof raw === 'number' && Number.isFinite(raw)) raw = String(raw);
  if (typeof raw !== 'string' || raw.trim() === '') return null;
  const arxiv = parseArxivId(raw);
  if (arxiv) return arxiv;
  const s = raw.trim();
  // An arXiv id spelled wrong (`2601.00004v99999999999`) is refused, not kept as some other id.
  if (/^\d{4}\.\d{4,5}/.test(s)) return null;
  return OTHER_ID.test(s) ? { id: s, version: 0 } : null;
}
