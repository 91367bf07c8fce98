// Generated pictures, pure strings: a paper's cover (title and category on a colour of its
// category) for papers without a figure of their own, and an organisation's initials avatar.

const xml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** A stable hue per category, so papers of one field share a colour across the site. */
function hueOf(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return (h >>> 0) % 360;
}

/** Words into at most `maxLines` lines of about `width` characters; the last one ends in "…" when cut. */
export function wrapWords(text: string, width: number, maxLines: number): string[] {
  const words = text.replace(/\s+/g, ' ').trim().split(' ').filter(Boolean);
  const lines: string[] = [];
  let line = '';
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!.length > width ? `${words[i]!.slice(0, width - 1)}…` : words[i]!;
    const next = line ? `${line} ${word}` : word;
    if (next.length <= width) {
      line = next;
      continue;
    }
    lines.push(line);
    line = word;
    if (lines.length === maxLines) {
      lines[maxLines - 1] = `${lines[maxLines - 1]!.replace(/[\s.,:;]+$/, '')}…`;
      return lines;
    }
  }
  if (line) lines.push(line);
  return lines;
}

export interface CoverInput {
  id: string;
  title: string;
  category: string | null;
}

/** A 640×360 SVG cover: what the rows show until (or instead of) a real figure. */
export function coverSvg(p: CoverInput): string {
  const hue = hueOf(p.category ?? 'paper');
  const lines = wrapWords(p.title, 24, 4);
  const size = lines.length > 3 ? 38 : 42;
  const top = 180 - ((lines.length - 1) * size * 1.18) / 2 + size * 0.35;
  const text = lines
    .map((l, i) => `<text x="44" y="${(top + i * size * 1.18).toFixed(1)}" font-size="${size}" font-weight="700" fill="#fff">${xml(l)}</text>`)
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="360" viewBox="0 0 640 360" font-family="DejaVu Sans, Verdana, sans-serif">` +
    `<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="hsl(${hue},55%,34%)"/><stop offset="1" stop-color="hsl(${(hue + 40) % 360},60%,22%)"/></linearGradient></defs>` +
    `<rect width="640" height="360" fill="url(#g)"/>` +
    `<text x="44" y="52" font-size="22" fill="#fff" fill-opacity=".8">${xml(p.category ?? 'arXiv')}</text>` +
    text +
    `<text x="596" y="328" font-size="20" fill="#fff" fill-opacity=".7" text-anchor="end">arXiv:${xml(p.id)}</text>` +
    `</svg>`
  );
}

/** A 64×64 SVG avatar with the first letter of an organisation's name. */
export function initialsSvg(name: string): string {
  const letter = (name.match(/[A-Za-z0-9]/)?.[0] ?? '?').toUpperCase();
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64" font-family="DejaVu Sans, Verdana, sans-serif">` +
    `<rect width="64" height="64" rx="12" fill="hsl(${hueOf(name)},45%,38%)"/>` +
    `<text x="32" y="43" font-size="32" font-weight="700" fill="#fff" text-anchor="middle">${xml(letter)}</text></svg>`
  );
}
