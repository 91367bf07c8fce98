// The one interface every embedder implements, and serialisation of the built-in model.
import type { LsaModel } from './lsa.ts';

export interface Embedder {
  /** Length of every vector embed() returns. */
  readonly dim: number;
  /** Stable name of the model, stored beside its vectors (`lsa`, `onnx:<dir>`, `http:<model>`). */
  readonly name: string;
  /** Unit-length embeddings of the texts, in order. */
  embed(texts: string[]): Promise<Float32Array[]>;
}

const CHUNK = 4 << 20;

/** A model as store rows: JSON header, then base64 chunks of idf and term vectors. */
export function serializeLsaModel(model: LsaModel, trainedDocs: number): string[] {
  const floats = new Float32Array(model.idf.length + model.termVectors.length);
  floats.set(model.idf, 0);
  floats.set(model.termVectors, model.idf.length);
  const b64 = Buffer.from(floats.buffer, floats.byteOffset, floats.byteLength).toString('base64');
  const parts = [JSON.stringify({ format: 1, dim: model.dim, vocab: model.vocab, trainedDocs })];
  for (let i = 0; i < b64.length; i += CHUNK) parts.push(b64.slice(i, i + CHUNK));
  return parts;
}

export function deserializeLsaModel(parts: readonly string[]): { model: LsaModel; trainedDocs: number } | null {
  try {
    const head = JSON.parse(parts[0]) as { format: number; dim: number; vocab: string[]; trainedDocs: number };
    if (head.format !== 1) return null;
    const buf = Buffer.from(parts.slice(1).join(''), 'base64');
    const floats = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
    const V = head.vocab.length;
    if (floats.length !== V + V * head.dim) return null;
    return {
      model: { dim: head.dim, vocab: head.vocab, idf: floats.slice(0, V), termVectors: floats.slice(V) },
      trainedDocs: head.trainedDocs,
    };
  } catch {
    return null; // a damaged model is retrained, not fatal
  }
}
