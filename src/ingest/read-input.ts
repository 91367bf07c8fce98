// Reads one import input (a file or stdin) into parsed records: gunzips, rejects binary files,
// detects the format and parses. Runs on the main thread or in the parse worker alike.
import { createReadStream } from 'node:fs';
import type { PaperInput, Reject } from '../model.ts';
import { detectFormat, looksBinary, type DetectedFormat, type FormatName } from './detect-format.ts';
import { fileRecords } from './file-records.ts';
import { ByteSource, gunzipSource, isGzip } from './read-source.ts';

export interface Input {
  name: string;
  /** Named on the command line (unknown formats of named files fail the run). */
  named: boolean;
  /** The file to read; null for stdin. */
  path: string | null;
  open: () => AsyncIterable<Buffer | string>;
  size: number;
}

export function fileInput(path: string, size: number, named: boolean): Input {
  return { name: path, named, path, size, open: () => createReadStream(path, { highWaterMark: 256 * 1024 }) };
}

const SNIFF_BYTES = 64 * 1024;

/** Records of one input: gunzips, rejects binary files, detects the format, then parses. */
export async function* readInput(
  input: Input,
  format: FormatName | undefined,
  onBytes: (n: number) => void,
  onUnknown: (why: string) => void,
): AsyncGenerator<(PaperInput | Reject)[]> {
  let source: ByteSource;
  // Where a read failed: bytes of the file read, and for .gz the bytes it decompressed to.
  let fileBytes = 0;
  let gzip: { dataBytes: number } | null = null;
  try {
    source = new ByteSource(input.open(), (n) => {
      fileBytes += n;
      onBytes(n);
    });
    if (isGzip(await source.peek(2))) {
      gzip = { dataBytes: 0 };
      const counted = gzip;
      source = gunzipSource(source, (n) => (counted.dataBytes += n));
    }
    const sample = await source.peek(SNIFF_BYTES);
    if (looksBinary(sample.subarray(0, 8192))) {
      await source.cancel();
      onUnknown('binary file, not a known import format');
      yield [{ where: input.name, reason: 'binary file, not a known import format' }];
      return;
    }
    let detected: DetectedFormat;
    if (format) detected = format;
    else {
      const d = detectFormat(sample.toString('utf8'));
      if ('unknown' in d) {
        await source.cancel();
        onUnknown(d.unknown);
        yield [{ where: input.name, reason: d.unknown }];
        return;
      }
      detected = d.format;
    }
    yield* fileRecords(source, input.name, detected);
  } catch (err) {
    yield [{ where: input.name, reason: readFailure(err, gzip ? { fileBytes, dataBytes: gzip.dataBytes } : undefined) }];
  }
}

/** A read error as a reason a user understands. */
export function readFailure(err: unknown, gzip?: { fileBytes: number; dataBytes: number }): string {
  const e = err as NodeJS.ErrnoException;
  const at = gzip ? ` at byte ${gzip.fileBytes} of the compressed file, after ${gzip.dataBytes} bytes of decompressed data` : '';
  if (e.code === 'Z_BUF_ERROR' || /unexpected end of file/i.test(e.message ?? '')) {
    return `truncated gzip file (the data ends${at}); the records before the cut were imported`;
  }
  if (e.code?.startsWith('Z_')) return `corrupt gzip data${at} (${e.message}); the records before it were imported`;
  if (e.code === 'EACCES') return 'permission denied';
  if (e.code === 'EISDIR') return 'is a directory';
  return e.message ?? String(err);
}
