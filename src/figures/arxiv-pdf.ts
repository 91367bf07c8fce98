// A paper's PDF from arXiv (`{base}/{id}`) for its first-page figure, through the polite client
// (spacing, timeouts, retries with back-off) with a size bound.
import { FetchError, PoliteClient } from '../ingest/polite-client.ts';
import type { Config } from '../config.ts';

export interface PdfSource {
  client: PoliteClient;
  /** `https://arxiv.org/pdf`: the PDF of paper ID is `{baseUrl}/{ID}`. */
  baseUrl: string;
  maxBytes: number;
}

/** Why a PDF could not be had; `transient` when arXiv (or the network) may answer later. */
export class PdfUnavailable extends Error {
  constructor(message: string, readonly transient: boolean) {
    super(message);
  }
}

export const pdfUrlOf = (baseUrl: string, id: string) => `${baseUrl}/${id}`;

/** The PDF source the config asks for, or null when PDF figures are switched off (ARXIV_PDF_URL=''). */
export function pdfSourceFrom(config: Config): PdfSource | null {
  if (!config.arxiv.pdfUrl) return null;
  // Few retries: a figure can wait for the next run, and the job must not sleep through its lease.
  const client = new PoliteClient({ minIntervalMs: config.arxiv.minIntervalMs, jitterMs: Math.min(500, config.arxiv.minIntervalMs), retries: 2, backoffMs: 2000, timeoutMs: 60_000 });
  return { client, baseUrl: config.arxiv.pdfUrl, maxBytes: config.arxiv.pdfMaxBytes };
}

/** The PDF's bytes; a PdfUnavailable naming the URL and the reason otherwise. */
export async function fetchPaperPdf(source: PdfSource, id: string): Promise<Buffer> {
  const url = pdfUrlOf(source.baseUrl, id);
  let res;
  try {
    res = await source.client.getBytes(url, source.maxBytes);
  } catch (err) {
    // Retries exhausted on 5xx, 429 or the network: worth another run. A body over the bound is not.
    const status = err instanceof FetchError ? err.status : null;
    const transient = status === null || status === 429 || status >= 500;
    throw new PdfUnavailable((err as Error).message, transient);
  }
  if (res.status !== 200) throw new PdfUnavailable(`${url}: HTTP ${res.status}`, false);
  // arXiv answers some ids with an HTML page (withdrawn, not yet processed): only a PDF will do.
  if (!res.body.subarray(0, 1024).includes('%PDF-')) throw new PdfUnavailable(`${url}: not a PDF`, false);
  return res.body;
}
