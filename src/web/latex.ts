// LaTeX in titles and abstracts as HTML: `$…$` math becomes MathML (KaTeX, server-side, so
// pages load no script or font for it), and the text macros arXiv metadata keeps raw (\textbf{…},
// accents, escaped characters, a paper's own `\method`) become plain text. The stored text stays
// raw; feeds and search use it as it is.
import katex from 'katex';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => ENTITIES[ch]!);

/** Does the text need this module at all? Most titles do not: they are printed as they are. */
export const hasLatex = (text: string) => text.includes('$') || text.includes('\\');

// `$…$` counts as math only when it hugs its content ("$x^2$", not "costs $5 and $10") and is not
// followed by a digit; `$$…$$` and `\(…\)` always do.
const MATH = /\$\$([^$]{1,400})\$\$|\$([^\s$](?:[^$]{0,300}?[^\s$\\])?)\$(?!\d)|\\\((.{1,400}?)\\\)/gs;

function mathHtml(tex: string, display: boolean): string {
  try {
    return katex.renderToString(tex, { output: 'mathml', displayMode: display, throwOnError: true, strict: 'ignore', trust: false, maxExpand: 200 });
  } catch {
    return `<code class="tex">${escapeHtml(display ? `$$${tex}$$` : `$${tex}$`)}</code>`;
  }
}

const WRAPS: Record<string, [string, string]> = {
  textbf: ['<b>', '</b>'], bf: ['<b>', '</b>'], mathbf: ['<b>', '</b>'],
  textit: ['<i>', '</i>'], emph: ['<em>', '</em>'], it: ['<i>', '</i>'], textsl: ['<i>', '</i>'],
  texttt: ['<code>', '</code>'], textsc: ['<span class="smallcaps">', '</span>'],
  textsuperscript: ['<sup>', '</sup>'], textsubscript: ['<sub>', '</sub>'],
  text: ['', ''], textrm: ['', ''], textsf: ['', ''], mathrm: ['', ''], url: ['', ''], underline: ['<u>', '</u>'],
};
const ACCENTS: Record<string, string> = { '"': '\u0308', "'": '\u0301', '`': '\u0300', '^': '\u0302', '~': '\u0303', '=': '\u0304', '.': '\u0307', c: '\u0327', v: '\u030c', u: '\u0306', H: '\u030b' };
const SYMBOLS: Record<string, string> = { ss: 'ß', o: 'ø', O: 'Ø', ae: 'æ', AE: 'Æ', aa: 'å', l: 'ł', L: 'Ł', ldots: '…', dots: '…', textendash: '–', textemdash: '—', LaTeX: 'LaTeX', TeX: 'TeX' };

/** The text between math: escaped, with text-mode macros turned into what they print. */
function textHtml(raw: string): string {
  let s = raw
    // Accents before escaping: \"{o}, \"o, \'e → composed characters.
    .replace(/\\(["'`^~=.]|[cvuH](?=\{))\{?([A-Za-z])\}?/g, (_, a: string, ch: string) => (ACCENTS[a] ? (ch + ACCENTS[a]).normalize('NFC') : ch))
    .replace(/\\([%&_#$])/g, '$1');
  s = escapeHtml(s);
  // \href{url}{text} prints its text; the URL is dropped rather than trusted.
  s = s.replace(/\\href\{[^{}]*\}\{([^{}]*)\}/g, '$1');
  for (let pass = 0; pass < 3; pass++) {
    s = s.replace(/\\([A-Za-z]+)\{([^{}]*)\}/g, (_, name: string, body: string) => {
      const w = WRAPS[name];
      if (w) return `${w[0]}${body}${w[1]}`;
      // A paper's own macro with an argument (\coloremph{X}, \frameworkName{}): its argument, or its name when empty.
      return body || `<span class="tex-macro">${name}</span>`;
    });
  }
  s = s.replace(/\{\\(bf|it|em|sc)\s+([^{}]*)\}/g, (_, name: string, body: string) => {
    const w = WRAPS[name === 'em' ? 'emph' : name === 'sc' ? 'textsc' : name]!;
    return `${w[0]}${body}${w[1]}`;
  });
  // A bare macro: a known symbol, or a paper's own name for its method (\method, \ours) shown as a name.
  s = s.replace(/\\([A-Za-z]+)\b(\s?)/g, (_, name: string, space: string) => (SYMBOLS[name] ?? `<span class="tex-macro">${name}</span>`) + space);
  return s.replace(/\\\\/g, ' ').replace(/~/g, '\u00a0').replace(/---/g, '—').replace(/--/g, '–').replace(/[{}]/g, '');
}

const cache = new Map<string, string>();

/** HTML of a title or abstract with LaTeX rendered; memoised, because the same titles render on every listing. */
export function latexToHtml(text: string): string {
  const hit = cache.get(text);
  if (hit !== undefined) return hit;
  let out = '';
  let last = 0;
  for (const m of text.matchAll(MATH)) {
    out += textHtml(text.slice(last, m.index));
    out += m[1] !== undefined ? mathHtml(m[1], true) : mathHtml((m[2] ?? m[3])!, false);
    last = m.index! + m[0].length;
  }
  out += textHtml(text.slice(last));
  if (cache.size >= 5000) cache.delete(cache.keys().next().value!);
  cache.set(text, out);
  return out;
}
