// Writes a tiny ONNX sentence-embedding model by hand (protobuf encoded here): Gather over a
// token-embedding table, output [batch, tokens, dim] — enough to test the ONNX embedder offline.

function varint(n: number | bigint): number[] {
  let v = BigInt(n);
  const out: number[] = [];
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) byte |= 0x80;
    out.push(byte);
  } while (v > 0n);
  return out;
}

type Field = number[];
const key = (field: number, wire: number) => varint((field << 3) | wire);
const int = (field: number, n: number): Field => [...key(field, 0), ...varint(n)];
const bytes = (field: number, b: Uint8Array | number[]): Field => [...key(field, 2), ...varint(b.length), ...b];
const str = (field: number, s: string): Field => bytes(field, [...Buffer.from(s, 'utf8')]);
const msg = (field: number, ...parts: Field[]): Field => bytes(field, parts.flat());

/** A 2- or 3-dimensional tensor type: names are symbolic dims, numbers fixed ones. */
function tensorType(field: number, elemType: number, dims: (string | number)[]): Field {
  const shape = dims.map((d) => msg(1, typeof d === 'string' ? str(2, d) : int(1, d)));
  return msg(field, msg(1, int(1, elemType), msg(2, ...shape)));
}

/**
 * ModelProto bytes: input `input_ids` int64 [batch, seq] → Gather(table) → `last_hidden_state`
 * float [batch, seq, dim]. `table` is vocabSize × dim, row-major.
 */
export function tinyEmbeddingModel(table: Float32Array, vocabSize: number, dim: number): Uint8Array {
  const FLOAT = 1;
  const INT64 = 7;
  const initializer = msg(
    5,
    int(1, vocabSize),
    int(1, dim),
    int(2, FLOAT),
    str(8, 'table'),
    bytes(9, new Uint8Array(table.buffer, table.byteOffset, table.byteLength)),
  );
  const node = msg(1, str(1, 'table'), str(1, 'input_ids'), str(2, 'last_hidden_state'), str(3, 'gather'), str(4, 'Gather'));
  const input = msg(11, str(1, 'input_ids'), tensorType(2, INT64, ['batch', 'seq']));
  const output = msg(12, str(1, 'last_hidden_state'), tensorType(2, FLOAT, ['batch', 'seq', dim]));
  const graph = msg(7, node, str(2, 'tiny'), initializer, input, output);
  const model = [...int(1, 8), ...str(2, 'paperboy-test'), ...graph, ...msg(8, str(1, ''), int(2, 13))];
  return Uint8Array.from(model);
}
