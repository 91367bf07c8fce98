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
  /** The CRC-32 of `raw`, computed once: a splice combines it instead of reading `raw` again. */
  crc: number;
}

// CRC-32 combination (as zlib's crc32_combine): the CRC of A followed by B from the CRC of each and
// B's length, by multiplying in GF(2) modulo the CRC's polynomial (reflected, as zlib's CRC-32 is).
const POLY = 0xedb88320;

/** a·b modulo the polynomial, both reflected (bit 31 is x^0). */
function multModP(a: number, b: number): number {
  let m = 0x80000000;
  let p = 0;
  for (;;) {
    if (a & m) {
      p ^= b;
      if ((a & (m - 1)) === 0) break;
    }
    m >>>= 1;
    b = b & 1 ? (b >>> 1) ^ POLY : b >>> 1;
  }
  return p >>> 0;
}

/** X2N[k] = x^(2^k) modulo the polynomial. */
const X2N: number[] = [0x40000000];
for (let k = 1; k < 32; k++) X2N.push(multModP(X2N[k - 1]!, X2N[k - 1]!));

/** x^(n·2^k) modulo the polynomial. */
function x2nModP(n: number, k: number): number {
  let p = 0x80000000;
  while (n > 0) {
    if (n & 1) p = multModP(X2N[k & 31]!, p);
    n = Math.floor(n / 2);
    k++;
  }
  return p;
}

/** The CRC-32 of A then B, from A's CRC, B's CRC and B's length in bytes. */
export function crc32Combine(crcA: number, crcB: number, lengthB: number): number {
  return (multModP(x2nModP(lengthB, 3), crcA) ^ crcB) >>> 0;
}

/**
 * Deflates one piece. `small` trades a little ratio for speed and memory (a 512-byte window): for
 * the many short variants of a member's page (an upvote form, a save button), where a full
 * window's setup costs more than the text.
 */
export function deflatePiece(raw: Buffer, small = false): DeflatedPiece {
  const opts = small ? { level: 6, windowBits: 9, memLevel: 1 } : { level: 6 };
  return { raw, deflated: deflateRawSync(raw, { ...opts, finishFlush: constants.Z_FULL_FLUSH }), crc: crcOf(raw, 0) };
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
    // A kept piece's CRC is combined in (a few hundred operations, where reading a front page's
    // 55 kB again was the splice's largest cost); the request's own bytes are read.
    if (Buffer.isBuffer(s)) {
      pushStored(chunks, s);
      crc = crcOf(s, crc);
    } else {
      chunks.push(s.deflated);
      crc = crc32Combine(crc, s.crc, raw.length);
    }
    size += raw.length;
  }
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE(size >>> 0, 4);
  chunks.push(FINAL_BLOCK, trailer);
  return Buffer.concat(chunks);
}
