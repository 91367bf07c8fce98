// A title or abstract as it should read: plain text stays plain (escaped by JSX); text with LaTeX
// gets its math rendered (see latex.ts, which escapes everything it does not turn into markup).
import { raw } from 'hono/html';
import { hasLatex, latexToHtml } from '../latex.ts';

export function MathText({ text }: { text: string }) {
  return hasLatex(text) ? raw(latexToHtml(text)) : text;
}
