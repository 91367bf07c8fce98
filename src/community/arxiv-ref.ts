// Reads what people paste into the submit form: an arXiv id, or an arXiv / Hugging Face paper URL.

const NEW_ID = /^(\d{4}\.\d{4,5})(v\d+)?$/;
const OLD_ID = /^([a-z-]+(?:\.[A-Z]{2})?\/\d{7})(v\d+)?$/;

/** The arXiv id without version, or null when the text names no arXiv paper. */
export function parseArxivRef(input: string): string | null {
  let text = input.trim();
  const url = /^(?:https?:\/\/)?(?:www\.|export\.)?(arxiv\.org|huggingface\.co|hf\.co)\/(abs|pdf|html|papers)\/(.+)$/i.exec(text);
  if (url) {
    text = url[3].replace(/[?#].*$/, '').replace(/\.pdf$/i, '').replace(/\/+$/, '');
  } else if (/^arxiv:/i.test(text)) {
    text = text.slice('arxiv:'.length);
  }
  const m = NEW_ID.exec(text) ?? OLD_ID.exec(text);
  return m ? m[1] : null;
}
