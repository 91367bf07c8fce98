// The binary COPY encoder, read back by a small decoder written from PostgreSQL's format spec.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyBinaryPieces, type CopyColumn } from '../../src/db/copy-binary.ts';

/** Decodes binary COPY data into rows of strings, numbers and nulls. */
function decode(data: Buffer, columns: readonly CopyColumn[]): unknown[][] {
  assert.equal(data.subarray(0, 11).toString('latin1'), 'PGCOPY\n\xff\r\n\0', 'signature');
  assert.equal(data.readInt32BE(11), 0, 'flags');
  let off = 19 + data.readInt32BE(15);
  const rows: unknown[][] = [];
  for (;;) {
    const count = data.readInt16BE(off);
    off += 2;
    if (count === -1) break;
    assert.equal(count, columns.length);
    const row: unknown[] = [];
    for (const col of columns) {
      const len = data.readInt32BE(off);
      off += 4;
      if (len === -1) row.push(null);
      else if (col.type === 'text') row.push(data.toString('utf8', off, off + len));
      else if (col.type === 'int4') row.push(data.readInt32BE(off));
      else row.push(Number(data.readBigInt64BE(off)));
      off += Math.max(len, 0);
    }
    rows.push(row);
  }
  assert.equal(off, data.length, 'nothing after the trailer');
  return rows;
}

const COLUMNS: CopyColumn[] = [
  { name: 'id', type: 'text' },
  { name: 'n', type: 'int4' },
  { name: 'at', type: 'int8' },
];

describe('binary COPY encoding', () => {
  const cases: { name: string; rows: unknown[][]; expect?: unknown[][] }[] = [
    { name: 'no rows', rows: [] },
    { name: 'plain values', rows: [['2503.12533', 3, 1_742_000_000_000]] },
    { name: 'nulls in every type', rows: [[null, null, null]] },
    { name: 'empty string is not null', rows: [['', 0, 0]] },
    { name: 'negative and above-32-bit integers', rows: [['x', -5, -2_000_000_000_123], ['y', 2 ** 31 - 1, 2 ** 53 - 1]] },
    { name: 'multi-byte text', rows: [['Zoë 名前 🚀 \t\n\\N', 1, 1]] },
    { name: 'NUL dropped (PostgreSQL text cannot hold it)', rows: [['a\0b', 1, 1]], expect: [['ab', 1, 1]] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const data = Buffer.concat([...copyBinaryPieces(COLUMNS, c.rows)]);
      assert.deepEqual(decode(data, COLUMNS), c.expect ?? c.rows);
    });
  }

  it('splits many rows into pieces that join to the same stream', () => {
    const rows = Array.from({ length: 5000 }, (_, i) => [`id-${i}-${'x'.repeat(i % 300)}`, i, i * 1_000_000_007]);
    const pieces = [...copyBinaryPieces(COLUMNS, rows, 16 * 1024)];
    assert.ok(pieces.length > 10, `expected several pieces, got ${pieces.length}`);
    assert.deepEqual(decode(Buffer.concat(pieces), COLUMNS), rows);
  });

  it('names the column when a value is not an integer', () => {
    assert.throws(() => [...copyBinaryPieces(COLUMNS, [['a', 1.5, 0]])], /COPY n: 1.5 is not an integer/);
    assert.throws(() => [...copyBinaryPieces(COLUMNS, [['a', 1]])], /2 values for 3 columns/);
  });
});
