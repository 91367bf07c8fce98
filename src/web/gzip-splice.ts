// Gzip for cached pages that carry per-visitor parts (a CSRF token, a member's upvote states): the
// fixed pieces are deflated once when the page is cached, each ending byte-aligned (a full flush),
// and a request only joins them, writing its own bytes as uncompressed ("stored") deflate blocks
// and computing a fresh CRC. Serving gzip then costs a copy, not a compression.
// RFC 1951 §3.2.4 (stored blocks), RFC 1952 (gzip).
import { constants, crc32, deflateRawSync } from 'node:zlib';

const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
/** An empty stored block with BFINAL=1: ends the deflate stream after pieces that all end with a full flush. */
const FINAL_BLOCK = Buffer.from([0x01, 0x00, 0x00, 0xff, 0xff]);
const STORED_MAX = 65_535;

/** Bytes deflated once, ending with a full flush and no final block, so any splice can reuse them. */
export interface DeflatedPiece {
  raw: Buffer;
  deflated: Buffer;
}

/**
 * Deflates one piece. `small` trades a little ratio for speed and memory (a 512-byte window): for
 * the many short variants of a member's page (an upvote form, a save button), where a full
 * window's setup costs more than the text.
 */
export function deflatePiece(raw: Buffer, small = false): DeflatedPiece {
  const opts = small ? { level: 6, windowBits: 9, memLevel: 1 } : { level: 6 };
  return { raw, deflated: deflateRawSync(raw, { ...opts, finishFlush: constants.Z_FULL_FLUSH }) };
}

/** Stored blocks holding `data` (BFINAL=0, BTYPE=00, then LEN and its complement), 64 kB at most each. */
function pushStored(chunks: Buffer[], data: Buffer): void {
  for (let at = 0; at < data.length; at += STORED_MAX) {
    const part = data.subarray(at, at + STORED_MAX);
    const head = Buffer.alloc(5);
    head.writeUInt16LE(part.length, 1);
    head.writeUInt16LE(~part.length & 0xffff, 3);
    chunks.push(head, part);
  }
}

/**
 * zlib.crc32 of a zero-length buffer can leave the next small Buffer's writes unseen on Node
 * 20.20 (observed here: the gzip trailer came out as zeros); an empty input never changes a CRC,
 * so it is not passed at all.
 */
const crcOf = (data: Buffer, crc: number): number => (data.length === 0 ? crc : crc32(data, crc));

/** The gzip file of the segments in order: deflated pieces as they are, plain bytes as stored blocks. */
export function gzipSpliced(segments: readonly (DeflatedPiece | Buffer)[]): Buffer {
  const chunks: Buffer[] = [GZIP_HEADER];
  let crc = 0;
  let size = 0;
  for (const s of segments) {
    const raw = Buffer.isBuffer(s) ? s : s.raw;
    if (raw.length === 0) continue;
    if (Buffer.isBuffer(s)) pushStored(chunks, s);
    else chunks.push(s.deflated);
    crc = crcOf(raw, crc);
    size += raw.length;
  }
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE(size >>> 0, 4);
  chunks.push(FINAL_BLOCK, trailer);
  return Buffer.concat(chunks);
}
