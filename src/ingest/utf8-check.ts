// Finds invalid UTF-8 in import bytes, by byte offset, instead of letting decoding turn it into
// U+FFFD silently. The common valid case costs one native isUtf8() call per chunk.
import { isUtf8 } from 'node:buffer';

/**
 * Offset of the first byte that does not belong to a well-formed UTF-8 sequence in `buf`
 * (overlong forms, surrogates and code points above U+10FFFF included), or -1 when all of it is
 * well-formed. A sequence cut off by the end of `buf` counts as invalid at its first byte.
 */
export function firstInvalidUtf8(buf: Uint8Array, start = 0, end = buf.length): number {
  if (isUtf8(buf.subarray(start, end))) return -1;
  let i = start;
  while (i < end) {
    const b = buf[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    if (i + need >= end) return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = buf[i + k];
      if ((c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/** Bytes at the end of `buf` that begin a multi-byte sequence the next chunk may complete. */
function incompleteTail(buf: Uint8Array): number {
  const n = buf.length;
  for (let back = 1; back <= Math.min(3, n); back++) {
    const b = buf[n - back];
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: keep looking for its lead
    const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return length > back ? back : 0;
  }
  return 0;
}

/** Checks a byte stream chunk by chunk, sequences split across chunks included. */
export class Utf8Stream {
  private carry: Uint8Array = new Uint8Array(0);
  /** Absolute offset of the first byte of `carry`. */
  private offset = 0;

  /** Absolute offset of the first invalid byte seen in this chunk, or -1. */
  push(chunk: Uint8Array): number {
    const buf = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk;
    const base = this.offset;
    const body = buf.length - incompleteTail(buf);
    this.carry = buf.slice(body);
    this.offset = base + body;
    const bad = firstInvalidUtf8(buf, 0, body);
    return bad < 0 ? -1 : base + bad;
  }

  /** At the end of the stream: the offset of a sequence left incomplete, or -1. */
  end(): number {
    return this.carry.length ? this.offset : -1;
  }
}

export class InvalidUtf8Error extends Error {
  constructor(readonly offset: number) {
    super(`invalid UTF-8 at byte offset ${offset}`);
  }
}
