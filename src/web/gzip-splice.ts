// Gzip for cached pages that carry a per-visitor token: each piece around the token is deflated
// once when the page is cached, ending byte-aligned (a full flush), and a request only joins the
// pieces with its token as an uncompressed ("stored") deflate block and a fresh CRC. Serving
// gzip then costs a copy, not a compression. RFC 1951 §3.2.4 (stored blocks), RFC 1952 (gzip).
import { constants, crc32, deflateRawSync } from 'node:zlib';

const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);

/** The pieces deflated: all but the last end with a full flush (no final block), the last finishes the stream. */
export function deflatePieces(pieces: Buffer[]): Buffer[] {
  return pieces.map((p, i) => deflateRawSync(p, { level: 6, finishFlush: i === pieces.length - 1 ? constants.Z_FINISH : constants.Z_FULL_FLUSH }));
}

/** A stored block holding `data` (at most 65,535 bytes: tokens are ~43). BFINAL=0, BTYPE=00, then LEN and its complement. */
function storedBlock(data: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.writeUInt16LE(data.length, 1);
  head.writeUInt16LE(~data.length & 0xffff, 3);
  return Buffer.concat([head, data]);
}

/**
 * zlib.crc32 of a zero-length buffer can leave the next small Buffer's writes unseen on Node
 * 20.20 (observed here: the gzip trailer came out as zeros); an empty input never changes a CRC,
 * so it is not passed at all.
 */
const crcOf = (data: Buffer, crc: number): number => (data.length === 0 ? crc : crc32(data, crc));

/** The gzip file of `pieces` joined by `token`, from their deflated forms. */
export function gzipJoined(pieces: Buffer[], deflated: Buffer[], token: Buffer): Buffer {
  const chunks: Buffer[] = [GZIP_HEADER];
  let crc = 0;
  let size = 0;
  for (let i = 0; i < pieces.length; i++) {
    if (i > 0) {
      chunks.push(storedBlock(token));
      crc = crcOf(token, crc);
      size += token.length;
    }
    chunks.push(deflated[i]!);
    crc = crcOf(pieces[i]!, crc);
    size += pieces[i]!.length;
  }
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE(size >>> 0, 4);
  chunks.push(trailer);
  return Buffer.concat(chunks);
}
