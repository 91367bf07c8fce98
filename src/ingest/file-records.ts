// Turns one file's bytes into records for its format: JSON lines stream line by line, XML streams
// through saxes, JSON and text documents are read whole under a size cap.
import type { PaperInput, Reject } from '../model.ts';
import type { DetectedFormat } from './detect-format.ts';
import { AtomStream, parseWrappedApiResponse } from './parse-arxiv-atom.ts';
import { parseHfDailyValue } from './parse-hf-daily.ts';
import { isKaggleRecord, parseJsonLine, parseJsonRecord } from './parse-json-record.ts';
import { parseListing } from './parse-listing.ts';
import { OaiStream } from './parse-oai-pmh.ts';
import { messageOf, type Parsed } from './parsed.ts';
import { readAllText, readLines, TooLargeError, type ByteSource } from './read-source.ts';
import { InvalidUtf8Error, Utf8Stream } from './utf8-check.ts';

type Item = PaperInput | Reject;

/** Longest JSON line accepted (real records are a few KB): longer ones are rejected unread. */
export const MAX_LINE_BYTES = 4 * 1024 * 1024;
/** Largest JSON or text document read whole (Daily Papers day files are ~100 KB). */
export const MAX_DOCUMENT_BYTES = 32 * 1024 * 1024;

/** The records of one file, in arrays (a chunk's worth at a time). */
export async function* fileRecords(source: ByteSource, name: string, format: DetectedFormat): AsyncGenerator<Item[]> {
  switch (format) {
    case 'kaggle':
    case 'jsonl':
      yield* jsonLines(source, name, format);
      return;
    case 'arxiv-api':
    case 'oai-pmh':
      yield* xmlRecords(source, name, format);
      return;
    case 'hf-daily':
    case 'json':
    case 'listing': {
      let text: string;
      try {
        text = await readAllText(source, MAX_DOCUMENT_BYTES);
      } catch (err) {
        if (err instanceof TooLargeError) {
          yield [{ where: name, reason: `file is ${err.message}` }];
          return;
        }
        if (err instanceof InvalidUtf8Error) {
          yield [{ where: name, reason: `${err.message}; the file must be UTF-8 text (nothing in it was imported)` }];
          return;
        }
        throw err;
      }
      const parsed = format === 'listing' ? parseListing(text, name) : jsonDocument(text, name, format);
      yield [...parsed.papers, ...parsed.rejects];
    }
  }
}

async function* jsonLines(source: ByteSource, name: string, format: 'kaggle' | 'jsonl'): AsyncGenerator<Item[]> {
  for await (const lines of readLines(source.chunks(), MAX_LINE_BYTES)) {
    const out: Item[] = [];
    for (const line of lines) {
      const where = `${name}:${line.number}`;
      if (line.invalidUtf8At !== undefined) {
        out.push({ where, reason: `invalid UTF-8 at byte offset ${line.invalidUtf8At} of the file; records must be UTF-8 text` });
      } else if (line.overlong !== undefined) {
        out.push({ where, reason: `line is ${(line.overlong / 1048576).toFixed(1)} MB, over the ${MAX_LINE_BYTES / 1048576} MB limit for one record` });
      } else if (line.text.trim() !== '') out.push(parseJsonLine(line.text, where, format));
    }
    yield out;
  }
}

async function* xmlRecords(source: ByteSource, name: string, format: 'arxiv-api' | 'oai-pmh'): AsyncGenerator<Item[]> {
  const stream = format === 'arxiv-api' ? new AtomStream(name) : new OaiStream(name);
  const decoder = new TextDecoder('utf-8');
  const utf8 = new Utf8Stream();
  try {
    for await (const chunk of source.chunks()) {
      const bad = utf8.push(chunk);
      if (bad >= 0) throw new InvalidUtf8Error(bad);
      yield stream.write(decoder.decode(chunk, { stream: true }));
    }
    const bad = utf8.end();
    if (bad >= 0) throw new InvalidUtf8Error(bad);
    yield stream.write(decoder.decode());
    yield stream.end();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code?.startsWith('Z_')) throw err;
    await source.cancel();
    if (err instanceof InvalidUtf8Error) {
      yield [{ where: name, reason: `${err.message}; the file must be UTF-8 text (records before it were imported)` }];
    } else yield [{ where: name, reason: `malformed XML: ${messageOf(err).split('\n')[0]}` }];
  }
}

/** A JSON document, routed by its shape once parsed. */
function jsonDocument(text: string, name: string, format: 'hf-daily' | 'json'): Parsed {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { papers: [], rejects: [{ where: name, reason: `not valid JSON: ${messageOf(err)}` }] };
  }
  if (format === 'hf-daily') return parseHfDailyValue(value, name);
  if (Array.isArray(value)) {
    const first = value.find((v) => v !== null);
    // Daily Papers entries wrap each paper as {paper: …}; broken exports hold Python-repr strings of them.
    if (first && ((typeof first === 'object' && 'paper' in first) || (typeof first === 'string' && /'paper'/.test(first)))) {
      return parseHfDailyValue(value, name);
    }
    return recordArray(value, name);
  }
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if ('body' in o && 'status_code' in o) return parseWrappedApiResponse(o, name);
    if (Array.isArray(o.data)) return parseHfDailyValue(value, name);
    return recordArray([o], name);
  }
  return { papers: [], rejects: [{ where: name, reason: 'JSON document is neither an array nor an object of papers' }] };
}

function recordArray(values: unknown[], name: string): Parsed {
  const out: Parsed = { papers: [], rejects: [] };
  values.forEach((v, i) => {
    const fmt = v && typeof v === 'object' && isKaggleRecord(v as Record<string, unknown>) ? 'kaggle' : 'jsonl';
    const item = parseJsonRecord(v, `${name}#entry ${i + 1}`, fmt);
    if ('reason' in item) out.rejects.push(item);
    else out.papers.push(item);
  });
  return out;
}
