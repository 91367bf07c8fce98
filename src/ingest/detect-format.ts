// Tells which import format a file holds from its first bytes (content, not the file name).

/** Formats a user can name with `--format`. */
export const FORMATS = ['hf-daily', 'arxiv-api', 'oai-pmh', 'kaggle', 'jsonl', 'listing'] as const;
export type FormatName = (typeof FORMATS)[number];

/**
 * What the importer does with a file: a named format, or `json`, a JSON document whose shape
 * (Daily Papers array, wrapped arXiv API response, array of records) is decided once parsed.
 */
export type DetectedFormat = FormatName | 'json';

export type Detection = { format: DetectedFormat } | { unknown: string };

export function isFormatName(s: string): s is FormatName {
  return (FORMATS as readonly string[]).includes(s);
}

/** True when a byte sample is not text: NUL bytes or many control characters. */
export function looksBinary(sample: Uint8Array): boolean {
  if (sample.length === 0) return false;
  let control = 0;
  for (const b of sample) {
    if (b === 0) return true;
    if (b < 9 || (b > 13 && b < 32) || b === 127) control++;
  }
  return control / sample.length > 0.02;
}

/**
 * The format of a text sample (the first KBs of a file). JSON lines are recognised by a complete
 * first line that parses as an object; when the first line is longer than the sample it is still
 * JSON lines, so the line-length cap rejects that line instead of reading it whole.
 */
export function detectFormat(sample: string): Detection {
  const text = sample.replace(/^\uFEFF/, '').trimStart();
  if (text === '') return { unknown: 'file is empty' };
  if (text.startsWith('<')) {
    const head = text.slice(0, 4096);
    if (/<!DOCTYPE|<!ENTITY/i.test(head)) return { format: /<OAI-PMH/.test(head) ? 'oai-pmh' : 'arxiv-api' };
    if (/<OAI-PMH[\s>]/.test(head) || /^(<\?xml[^>]*>\s*)?<error[\s>]/.test(head)) return { format: 'oai-pmh' };
    if (/<feed[\s>]/.test(head)) return { format: 'arxiv-api' };
    if (/^<(!doctype\s+)?html/i.test(head)) return { unknown: 'an HTML page, not an import format' };
    return { unknown: 'XML but neither an Atom feed (arXiv API) nor an OAI-PMH reply' };
  }
  if (text.startsWith('[')) return { format: 'json' };
  if (text.startsWith('{')) {
    const nl = text.indexOf('\n');
    const first = (nl < 0 ? text : text.slice(0, nl)).trim();
    if (nl < 0 && sample.length >= 65536) return { format: 'jsonl' };
    let value: unknown;
    try {
      value = JSON.parse(first);
    } catch {
      // A pretty-printed object opens with a lone `{`: a JSON document. Otherwise JSON lines whose
      // first line is broken (or longer than the sample): rejected line by line, the rest imported.
      return { format: first === '{' ? 'json' : 'jsonl' };
    }
    const o = value as Record<string, unknown>;
    if ('body' in o && 'status_code' in o) return { format: 'json' };
    if (Array.isArray(o.data)) return { format: 'json' };
    if ('authors_parsed' in o || 'submitter' in o || ('versions' in o && 'update_date' in o)) return { format: 'kaggle' };
    return { format: 'jsonl' };
  }
  if (/^\S[^\n]*\n\s*\n/.test(text)) return { format: 'listing' };
  return { unknown: 'not a known format (expected JSON, JSON lines, arXiv Atom, OAI-PMH XML or a plain-text listing)' };
}
