// The one import pipeline: finds files (directories, .gz, stdin), detects each format, streams
// parsed records in batches into the catalog, and reports what changed and what was rejected.
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Db } from '../db/db.ts';
import { InputError } from '../errors.ts';
import type { PaperInput, Reject } from '../model.ts';
import { findPaperIdsByTitles, upsertPapers, type UpsertResult } from '../store/papers.ts';
import { detectFormat, looksBinary, type DetectedFormat, type FormatName } from './detect-format.ts';
import { fileRecords } from './file-records.ts';
import { ByteSource, gunzipSource, isGzip } from './read-source.ts';

export interface ImportOptions {
  /** Skip detection and read every file as this format. */
  format?: FormatName;
  /** Records per transaction. */
  batchSize?: number;
  /** What `-` reads. */
  stdin?: NodeJS.ReadableStream;
  /** Called after each batch and file (the CLI draws progress from it). */
  onProgress?: (p: ImportProgress) => void;
  /** Called with each batch's store result, for derived data that follows changes. */
  onBatch?: (r: UpsertResult) => void | Promise<void>;
  /** How many rejects to keep in the summary (all are counted). */
  maxRejectsListed?: number;
}

export interface ImportSummary {
  /** Records read (papers parsed, before merging). */
  read: number;
  new: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** The first `maxRejectsListed` rejects, each with file:line or file#entry and why. */
  rejects: Reject[];
  files: number;
  /** Named inputs that could not be imported at all (unknown format): the CLI fails on these. */
  failedInputs: string[];
}

export interface ImportProgress extends ImportSummary {
  currentFile: string;
  filesTotal: number;
  bytesRead: number;
  bytesTotal: number;
}

interface Input {
  name: string;
  /** The named argument it came from (top-level file args fail the run on unknown formats). */
  named: boolean;
  open: () => AsyncIterable<Buffer | string>;
  size: number;
}

/** Every file under the named paths, in a stable order; throws InputError for a missing path. */
async function listInputs(paths: string[], stdin: NodeJS.ReadableStream | undefined): Promise<Input[]> {
  const inputs: Input[] = [];
  for (const path of paths) {
    if (path === '-') {
      if (!stdin) throw new InputError('cannot read - (stdin): no input stream');
      inputs.push({ name: '<stdin>', named: true, open: () => stdin as AsyncIterable<Buffer>, size: 0 });
      continue;
    }
    let info;
    try {
      info = await stat(path);
    } catch (err) {
      throw new InputError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (err as Error).message}`);
    }
    if (info.isDirectory()) inputs.push(...(await listDirectory(path)));
    else inputs.push(fileInput(path, info.size, true));
  }
  return inputs;
}

async function listDirectory(dir: string): Promise<Input[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const out: Input[] = [];
  for (const e of entries) {
    if (e.name.startsWith('.')) continue; // .DS_Store, editor swap files
    const path = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await listDirectory(path)));
    else if (e.isFile()) out.push(fileInput(path, (await stat(path)).size, false));
  }
  return out;
}

function fileInput(path: string, size: number, named: boolean): Input {
  return { name: path, named, size, open: () => createReadStream(path, { highWaterMark: 256 * 1024 }) };
}

const SNIFF_BYTES = 64 * 1024;

/**
 * Imports files, directories (recursively), `.gz` files and `-` (stdin) into the catalog.
 * Bad records and unreadable files become rejects; the rest is imported. Missing paths throw
 * InputError before anything is written.
 */
export async function importPaths(db: Db, paths: string[], opts: ImportOptions = {}): Promise<ImportSummary> {
  const inputs = await listInputs(paths, opts.stdin);
  const batchSize = opts.batchSize ?? 1000;
  const maxRejects = opts.maxRejectsListed ?? 1000;
  const summary: ImportSummary = { read: 0, new: 0, updated: 0, unchanged: 0, rejected: 0, rejects: [], files: 0, failedInputs: [] };
  const progress: ImportProgress = Object.assign(summary, {
    currentFile: '',
    filesTotal: inputs.length,
    bytesRead: 0,
    bytesTotal: inputs.reduce((n, i) => n + i.size, 0),
  });
  const reject = (r: Reject) => {
    summary.rejected++;
    if (summary.rejects.length < maxRejects) summary.rejects.push(r);
  };
  let batch: PaperInput[] = [];
  let untitled: PaperInput[] = [];
  const flush = async () => {
    if (untitled.length) {
      batch.push(...(await resolveByTitle(db, untitled, reject)));
      untitled = [];
    }
    if (batch.length === 0) return;
    const result = await upsertPapers(db, batch);
    batch = [];
    summary.new += result.created;
    summary.updated += result.updated;
    summary.unchanged += result.unchanged;
    await opts.onBatch?.(result);
    opts.onProgress?.(progress);
  };

  for (const input of inputs) {
    progress.currentFile = input.name;
    summary.files++;
    const items = readInput(input, opts.format, (n) => (progress.bytesRead += n), (why) => {
      if (input.named) summary.failedInputs.push(`${input.name}: ${why}`);
    });
    for await (const item of items) {
      if ('reason' in item) {
        reject(item);
        continue;
      }
      summary.read++;
      if (item.id === '') untitled.push(item);
      else batch.push(item);
      if (batch.length + untitled.length >= batchSize) await flush();
    }
    opts.onProgress?.(progress);
  }
  await flush();
  opts.onProgress?.(progress);
  return summary;
}

/** A listing names titles, not ids: keep the records whose title the catalog already has. */
async function resolveByTitle(db: Db, papers: PaperInput[], reject: (r: Reject) => void): Promise<PaperInput[]> {
  const ids = await findPaperIdsByTitles(db, papers.map((p) => p.title));
  const out: PaperInput[] = [];
  for (const p of papers) {
    const id = ids.get(p.title.toLowerCase());
    if (id) out.push({ ...p, id });
    else reject({ where: `listing entry "${p.title.slice(0, 80)}"`, reason: 'no arXiv id given and no paper with this title in the catalog' });
  }
  return out;
}

/** Records of one input: gunzips, rejects binary files, detects the format, then parses. */
async function* readInput(
  input: Input,
  format: FormatName | undefined,
  onBytes: (n: number) => void,
  onUnknown: (why: string) => void,
): AsyncGenerator<PaperInput | Reject> {
  let source: ByteSource;
  try {
    source = new ByteSource(input.open(), onBytes);
    if (isGzip(await source.peek(2))) source = gunzipSource(source);
    const sample = await source.peek(SNIFF_BYTES);
    if (looksBinary(sample.subarray(0, 8192))) {
      await source.cancel();
      onUnknown('binary file, not a known import format');
      yield { where: input.name, reason: 'binary file, not a known import format' };
      return;
    }
    let detected: DetectedFormat;
    if (format) detected = format;
    else {
      const d = detectFormat(sample.toString('utf8'));
      if ('unknown' in d) {
        await source.cancel();
        onUnknown(d.unknown);
        yield { where: input.name, reason: d.unknown };
        return;
      }
      detected = d.format;
    }
    yield* fileRecords(source, input.name, detected);
  } catch (err) {
    yield { where: input.name, reason: readFailure(err) };
  }
}

/** A read error as a reason a user understands. */
export function readFailure(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'Z_BUF_ERROR' || /unexpected end of file/i.test(e.message ?? '')) {
    return 'truncated gzip file (unexpected end of data); the records before the cut were imported';
  }
  if (e.code?.startsWith('Z_')) return `corrupt gzip data (${e.message}); the records before it were imported`;
  if (e.code === 'EACCES') return 'permission denied';
  if (e.code === 'EISDIR') return 'is a directory';
  return e.message ?? String(err);
}
