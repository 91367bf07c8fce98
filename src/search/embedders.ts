// Picks the embedder the configuration asks for: ONNX model dir, HTTP endpoint, or the built-in LSA (null).
import type { Config } from '../config.ts';
import type { Embedder } from './embedder.ts';

/** The configured external embedder, or null for the built-in one (no setup, no download). */
export async function createEmbedder(config: Config): Promise<Embedder | null> {
  if (config.embed.modelDir) {
    const { openOnnxEmbedder } = await import('./embed-onnx.ts');
    return openOnnxEmbedder(config.embed.modelDir);
  }
  if (config.embed.url) {
    const { openHttpEmbedder } = await import('./embed-http.ts');
    return openHttpEmbedder({ url: config.embed.url, model: config.embed.model, apiKey: config.embed.apiKey });
  }
  return null;
}
