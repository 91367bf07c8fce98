// Reads a BEIR-format directory (corpus.jsonl[.gz], queries.jsonl, qrels/SPLIT.tsv) for evaluation.
import { createReadStream, existsSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { InputError } from '../errors.ts';
import type { PaperInput } from '../model.ts';
import type { Qrels } from './metrics.ts';
import { emptyPaper } from '../ingest/parsed.ts';

export interface BeirDoc {
  id: string;
  title: string;
  text: string;
}

/** Lines of a text file, gunzipped when the name ends in .gz. */
export async function* readLines(path: string): AsyncGenerator<string> {
  const input = createReadStream(path);
  const stream = path.endsWith('.gz') ? input.pipe(createGunzip()) : input;
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  for await (const line of lines) yield line;
}

function corpusPath(dir: string): string {
  for (const name of ['corpus.jsonl', 'corpus.jsonl.gz']) if (existsSync(join(dir, name))) return join(dir, name);
  throw new InputError(`${dir}: no corpus.jsonl or corpus.jsonl.gz (is it a BEIR directory?)`);
}

function parseJsonLine(line: string, where: string): Record<string, unknown> {
  try {
    const v = JSON.parse(line);
    if (v && typeof v === 'object') return v;
  } catch {
    // fall through to the error below
  }
  throw new InputError(`${where}: not a JSON object`);
}

export async function* readBeirCorpus(dir: string): AsyncGenerator<BeirDoc> {
  const path = corpusPath(dir);
  let n = 0;
  for await (const line of readLines(path)) {
    n++;
    if (!line.trim()) continue;
    const o = parseJsonLine(line, `${path}:${n}`);
    if (o._id === undefined) throw new InputError(`${path}:${n}: no _id`);
    yield { id: String(o._id), title: String(o.title ?? ''), text: String(o.text ?? '') };
  }
}

export async function readBeirQueries(dir: string): Promise<Map<string, string>> {
  const path = join(dir, 'queries.jsonl');
  if (!existsSync(path)) throw new InputError(`${dir}: no queries.jsonl`);
  const out = new Map<string, string>();
  let n = 0;
  for await (const line of readLines(path)) {
    n++;
    if (!line.trim()) continue;
    const o = parseJsonLine(line, `${path}:${n}`);
    out.set(String(o._id), String(o.text ?? ''));
  }
  return out;
}

export async function readBeirQrels(dir: string, split: string): Promise<Qrels> {
  if (!/^[\w-]+$/.test(split)) throw new InputError(`split must be a word like test or dev, got ${JSON.stringify(split)}`);
  const path = join(dir, 'qrels', `${split}.tsv`);
  if (!existsSync(path)) throw new InputError(`${dir}: no qrels/${split}.tsv`);
  const qrels: Qrels = new Map();
  let n = 0;
  for await (const line of readLines(path)) {
    n++;
    const cols = line.split('\t');
    if (cols.length < 3 || (n === 1 && cols[0] === 'query-id')) continue;
    const rel = Number(cols[2]);
    if (!Number.isFinite(rel)) throw new InputError(`${path}:${n}: score is not a number`);
    if (!qrels.has(cols[0])) qrels.set(cols[0], new Map());
    qrels.get(cols[0])!.set(cols[1], rel);
  }
  return qrels;
}

/** A corpus document as a catalog record, so evaluation exercises the real store and index. */
export function beirDocToPaper(d: BeirDoc): PaperInput {
  return { ...emptyPaper(d.id, 'jsonl'), title: d.title || d.text.slice(0, 80) || d.id, abstract: d.text };
}
