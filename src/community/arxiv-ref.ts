// Reads what people paste into the submit form: an arXiv id, or an arXiv / Hugging Face paper URL.
import { parseArxivId } from '../ingest/normalize-id.ts';

const HF_PAPER = /^(?:https?:\/\/)?(?:www\.)?(?:huggingface\.co|hf\.co)\/papers\/([^?#]+)/i;

/** The arXiv id without version, or null when the text names no arXiv paper. */
export function parseArxivRef(input: string): string | null {
  let text = input.trim();
  const hf = HF_PAPER.exec(text);
  if (hf) text = hf[1];
  // Bare "arxiv.org/abs/…" without a scheme is common when copied from an address bar.
  if (/^(?:www\.)?arxiv\.org\//i.test(text)) text = `https://${text}`;
  return parseArxivId(text)?.id ?? null;
}
