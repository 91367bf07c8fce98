// Star-history charts as server-rendered SVG markup (no client JS): a row sparkline and a full chart.

export interface StarPoint {
  at: number;
  stars: number;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]);
const fmt = (n: number) => Number(n.toFixed(1)).toString();
const day = (t: number) => new Date(t).toISOString().slice(0, 10);
const count = (n: number) => n.toLocaleString('en-US');

/** Sorted by time, one point per instant (the last wins). */
function clean(points: readonly StarPoint[]): StarPoint[] {
  const byAt = new Map<number, number>();
  for (const p of [...points].sort((a, b) => a.at - b.at)) byAt.set(p.at, p.stars);
  return [...byAt].map(([at, stars]) => ({ at, stars }));
}

/** Maps points into a box; a single point or a flat series draws a level line through the middle. */
function project(points: StarPoint[], x0: number, y0: number, w: number, h: number, yMin: number, yMax: number): [number, number][] {
  const t0 = points[0].at;
  const t1 = points[points.length - 1].at;
  return points.map((p) => {
    const x = t1 === t0 ? x0 + w : x0 + ((p.at - t0) / (t1 - t0)) * w;
    const y = yMax === yMin ? y0 + h / 2 : y0 + h - ((p.stars - yMin) / (yMax - yMin)) * h;
    return [x, y];
  });
}

function summary(points: StarPoint[]): string {
  const first = points[0];
  const last = points[points.length - 1];
  if (points.length === 1) return `${count(last.stars)} GitHub stars on ${day(last.at)}`;
  return `GitHub stars from ${count(first.stars)} on ${day(first.at)} to ${count(last.stars)} on ${day(last.at)}`;
}

/** Fewer snapshots than this draw no line: two points make any trend look straight. */
export const MIN_CHART_POINTS = 3;

/** The star change in words, for histories too short to chart: "★ 80" or "+312 ★ since 2025-12-01". */
function starChangeText(points: StarPoint[]): string {
  const last = points[points.length - 1];
  if (points.length === 1) return `<span class="star-change" title="${esc(summary(points))}">★ ${count(last.stars)}</span>`;
  const delta = last.stars - points[0].stars;
  const sign = delta > 0 ? '+' : delta < 0 ? '−' : '±';
  return `<span class="star-change" title="${esc(summary(points))}">${sign}${count(Math.abs(delta))} ★ since ${day(points[0].at)}</span>`;
}

/**
 * A small inline chart for a listing row. Empty string without history; with fewer than
 * MIN_CHART_POINTS snapshots, the change as text instead of a line that would mean nothing.
 * The label says in words what the line shows.
 */
export function renderSparkline(history: readonly StarPoint[], width = 80, height = 20): string {
  const points = clean(history);
  if (points.length === 0) return '';
  if (points.length < MIN_CHART_POINTS) return starChangeText(points);
  const stars = points.map((p) => p.stars);
  const xy = project(points.length === 1 ? [{ at: points[0].at - 1, stars: points[0].stars }, points[0]] : points, 1, 1, width - 2, height - 2, Math.min(...stars), Math.max(...stars));
  const line = xy.map(([x, y]) => `${fmt(x)},${fmt(y)}`).join(' ');
  const [ex, ey] = xy[xy.length - 1];
  return (
    `<svg class="sparkline" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(summary(points))}">` +
    `<polyline points="${line}" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linejoin="round"/>` +
    `<circle cx="${fmt(ex)}" cy="${fmt(ey)}" r="2" fill="currentColor"/></svg>`
  );
}

/** 0 and three more round steps (1, 2 or 5 × 10^k) covering `max`. */
export function starTicks(max: number): number[] {
  if (max <= 0) return [0, 1];
  const raw = max / 4;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw)!;
  const ticks: number[] = [];
  for (let v = 0; v < max + step; v += step) ticks.push(Math.max(1, Math.round(step)) === step ? v : Number(v.toPrecision(6)));
  return ticks;
}

/**
 * The paper page's chart: axes from 0 with round ticks, first and last dates, each snapshot
 * marked, and an accessible <title>/<desc> naming the repository and the change.
 */
export function renderStarChart(history: readonly StarPoint[], opts: { repo: string; id: string; width?: number; height?: number }): string {
  const points = clean(history);
  const width = opts.width ?? 560;
  const height = opts.height ?? 200;
  const titleId = `stars-title-${opts.id.replace(/[^A-Za-z0-9_-]/g, '-')}`;
  const descId = titleId.replace('title', 'desc');
  // No fixed width: the viewBox scales the chart to its container (a 390 px phone included).
  const head = `<svg class="star-chart" viewBox="0 0 ${width} ${height}" preserveAspectRatio="xMinYMin meet" role="img" aria-labelledby="${titleId} ${descId}">` +
    `<title id="${titleId}">GitHub stars of ${esc(opts.repo)}</title>`;
  if (points.length === 0) {
    return `${head}<desc id="${descId}">No star history recorded yet.</desc>` +
      `<text x="${width / 2}" y="${height / 2}" text-anchor="middle" fill="currentColor">No star history yet</text></svg>`;
  }
  if (points.length < MIN_CHART_POINTS) {
    return `${head}<desc id="${descId}">${esc(summary(points))}; a chart needs ${MIN_CHART_POINTS} snapshots.</desc>` +
      `<text x="${width / 2}" y="${height / 2 - 8}" text-anchor="middle" fill="currentColor">${esc(summary(points))}</text>` +
      `<text x="${width / 2}" y="${height / 2 + 12}" text-anchor="middle" fill="currentColor" font-size="12" opacity="0.7">The chart appears after ${MIN_CHART_POINTS} snapshots.</text></svg>`;
  }
  const left = 48;
  const right = 12;
  const top = 10;
  const bottom = 24;
  const w = width - left - right;
  const h = height - top - bottom;
  const ticks = starTicks(Math.max(...points.map((p) => p.stars)));
  const yMax = ticks[ticks.length - 1];
  const series = points.length === 1 ? [{ at: points[0].at - 1, stars: points[0].stars }, points[0]] : points;
  const xy = project(series, left, top, w, h, 0, yMax);
  const parts: string[] = [head, `<desc id="${descId}">${esc(summary(points))}, ${points.length} snapshot${points.length === 1 ? '' : 's'}.</desc>`];
  parts.push(`<g class="axis" fill="currentColor" font-size="10" stroke="currentColor" stroke-opacity="0.25">`);
  for (const v of ticks) {
    const y = top + h - (v / yMax) * h;
    parts.push(`<line x1="${left}" x2="${left + w}" y1="${fmt(y)}" y2="${fmt(y)}"/>`);
    parts.push(`<text x="${left - 6}" y="${fmt(y + 3)}" text-anchor="end" stroke="none">${count(v)}</text>`);
  }
  parts.push(`<text x="${left}" y="${height - 6}" stroke="none">${day(points[0].at)}</text>`);
  if (points.length > 1) parts.push(`<text x="${left + w}" y="${height - 6}" text-anchor="end" stroke="none">${day(points[points.length - 1].at)}</text>`);
  parts.push('</g>');
  parts.push(`<polyline points="${xy.map(([x, y]) => `${fmt(x)},${fmt(y)}`).join(' ')}" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round"/>`);
  for (const [x, y] of points.length === 1 ? xy.slice(1) : xy) parts.push(`<circle cx="${fmt(x)}" cy="${fmt(y)}" r="2.5" fill="currentColor"/>`);
  parts.push('</svg>');
  return parts.join('');
}
