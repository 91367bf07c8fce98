// Embeddings from a local ONNX sentence-embedding model directory (model.onnx + vocab.txt), via onnxruntime-node.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.ts';
import type { Embedder } from './embedder.ts';
import { normalize } from './embed-http.ts';
import { WordPieceTokenizer } from './wordpiece.ts';

/**
 * Opens `dir` holding `model.onnx` (BERT-style inputs input_ids / attention_mask / token_type_ids,
 * output [batch, tokens, hidden] mean-pooled, or [batch, hidden] used as is) and `vocab.txt`.
 */
export async function openOnnxEmbedder(dir: string, maxTokens = 256, batchSize = 16): Promise<Embedder> {
  const modelPath = join(dir, 'model.onnx');
  const vocabPath = join(dir, 'vocab.txt');
  for (const p of [modelPath, vocabPath]) if (!existsSync(p)) throw new InputError(`EMBED_MODEL_DIR: ${p} not found`);
  let ort: typeof import('onnxruntime-node');
  try {
    ort = await import('onnxruntime-node');
  } catch {
    throw new InputError('EMBED_MODEL_DIR is set but onnxruntime-node is not installed (npm install onnxruntime-node)');
  }
  const session = await ort.InferenceSession.create(modelPath);
  const tokenizer = new WordPieceTokenizer(readFileSync(vocabPath, 'utf8').split(/\r?\n/));
  const inputs = new Set(session.inputNames);
  const output = session.outputNames[0];

  async function run(texts: string[]): Promise<Float32Array[]> {
    const encoded = texts.map((t) => tokenizer.encode(t, maxTokens));
    const T = Math.max(1, ...encoded.map((e) => e.length));
    const B = texts.length;
    const ids = new BigInt64Array(B * T);
    const mask = new BigInt64Array(B * T);
    encoded.forEach((e, b) =>
      e.forEach((id, t) => {
        ids[b * T + t] = BigInt(id);
        mask[b * T + t] = 1n;
      }),
    );
    const feeds: Record<string, import('onnxruntime-node').Tensor> = {};
    if (inputs.has('input_ids')) feeds.input_ids = new ort.Tensor('int64', ids, [B, T]);
    if (inputs.has('attention_mask')) feeds.attention_mask = new ort.Tensor('int64', mask, [B, T]);
    if (inputs.has('token_type_ids')) feeds.token_type_ids = new ort.Tensor('int64', new BigInt64Array(B * T), [B, T]);
    const result = (await session.run(feeds))[output];
    const data = result.data as Float32Array;
    const dims = result.dims;
    if (dims.length === 2) return [...Array(B).keys()].map((b) => normalize(data.slice(b * dims[1], (b + 1) * dims[1])));
    const H = dims[2];
    return encoded.map((e, b) => {
      // Mean over the real (unpadded) tokens: the pooling sentence-transformers models are trained with.
      const v = new Float32Array(H);
      for (let t = 0; t < e.length; t++) for (let h = 0; h < H; h++) v[h] += data[(b * T + t) * H + h];
      for (let h = 0; h < H; h++) v[h] /= Math.max(1, e.length);
      return normalize(v);
    });
  }

  const dim = (await run(['dimension probe']))[0].length;
  return {
    dim,
    name: `onnx:${dir}`,
    async embed(texts) {
      const out: Float32Array[] = [];
      for (let i = 0; i < texts.length; i += batchSize) out.push(...(await run(texts.slice(i, i + batchSize))));
      return out;
    },
  };
}
