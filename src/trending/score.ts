// The trending score: a pure, documented formula over activity counts, and its one-line explanation.
//
// For a window W (day, week or month) ending at time `at`:
//
//   stars    = max(0, S(at) − S(at − W))       GitHub stars the paper's code gained in the window
//   upvotes  = max(0, votes in (at − W, at])    upvotes cast in the window (any source, as counts)
//   activity = log2(1 + stars) + 2 · log2(1 + upvotes)
//   recency  = max(1/10, 2^(−age / H))          age = at − published, H = half-life of the window
//   score    = activity · recency
//
// Why this shape:
// - log-damped terms: star counts span five orders of magnitude (a 30k-star framework vs a
//   12-star research prototype); on a log scale doubling your stars adds a constant, so one
//   viral repository cannot drown every other paper, and stars and upvotes become commensurable.
// - upvotes weigh 2: an upvote is a deliberate act by a reader of this site (or of Hugging Face),
//   a star is often a bookmark; with the weight, 10 upvotes ≈ 120 stars.
// - velocity, not totals: a repository that loses stars in the window scores as if it gained none
//   (the loss is kept in `parts` and shown), so it does not push the paper below a paper without
//   code; a paper without code is ranked on upvotes alone.
// - recency halves every H (day 2 days, week 7 days, month 30 days) so that among equally active
//   papers the newer one wins, but never below ×0.1: an old paper whose code suddenly takes off
//   still shows up, as it did on Papers with Code.
// - ties (equal scores) are broken by paper id, ascending, everywhere the score is sorted.
//
// S(t) is the latest star snapshot at or before t. When a repository has no snapshot before the
// window, its baseline is 0 if the paper is young (published less than 30 days before the window
// began: its code is probably as new as the paper), otherwise its first snapshot in the window
// (we cannot tell when those stars came). A paper with several repositories takes the one that
// gained most. The store's SQL (src/store/trending.ts) computes the same terms set-wise; a test
// checks that both agree.
import { DAY_MS } from '../periods.ts';

export type TrendingWindow = 'day' | 'week' | 'month';
export const TRENDING_WINDOWS: readonly TrendingWindow[] = ['day', 'week', 'month'];

/** Length of each window in ms. */
export const WINDOW_MS: Readonly<Record<TrendingWindow, number>> = { day: DAY_MS, week: 7 * DAY_MS, month: 30 * DAY_MS };
/** Recency half-life of each window in ms. */
export const HALF_LIFE_MS: Readonly<Record<TrendingWindow, number>> = { day: 2 * DAY_MS, week: 7 * DAY_MS, month: 30 * DAY_MS };
/** Weight of one log2 unit of upvotes relative to one of stars. */
export const UPVOTE_WEIGHT = 2;
/** Recency never falls below this factor. */
export const RECENCY_FLOOR = 0.1;
/** A paper younger than this at the window's start counts a repository first seen in the window from 0 stars. */
export const YOUNG_PAPER_MS = 30 * DAY_MS;

/** The counts the formula needs, whatever their source. */
export interface TrendingInput {
  window: TrendingWindow;
  /** Stars gained in the window by the paper's best repository; negative when it lost stars; null when the paper has no known code. */
  starDelta: number | null;
  /** That repository's stars at the end of the window, when known. */
  starsTotal?: number | null;
  /** Upvotes in the window. */
  upvotes: number;
  /** Age of the paper at the end of the window, in ms (negative is treated as 0). */
  ageMs: number;
}

/** Every term of the formula, so a score can be explained and checked. */
export interface TrendingParts {
  window: TrendingWindow;
  /** Stars counted: the gain clamped at 0. */
  stars: number;
  /** The raw change in stars (negative when the repository lost stars); null without code. */
  starDelta: number | null;
  starsTotal: number | null;
  hasCode: boolean;
  upvotes: number;
  ageMs: number;
  /** log2(1 + stars). */
  starTerm: number;
  /** UPVOTE_WEIGHT · log2(1 + upvotes). */
  upvoteTerm: number;
  /** The recency factor in [RECENCY_FLOOR, 1]. */
  recency: number;
}

export interface TrendingScore {
  score: number;
  parts: TrendingParts;
}

/** The recency factor for a paper `ageMs` old in `window`. */
export function recencyFactor(window: TrendingWindow, ageMs: number): number {
  return Math.max(RECENCY_FLOOR, Math.pow(2, -Math.max(0, ageMs) / HALF_LIFE_MS[window]));
}

/** The score and its parts for one paper's counts. */
export function trendingScore(input: TrendingInput): TrendingScore {
  const upvotes = Math.max(0, Math.floor(input.upvotes));
  const stars = input.starDelta === null ? 0 : Math.max(0, input.starDelta);
  const ageMs = Math.max(0, input.ageMs);
  const starTerm = Math.log2(1 + stars);
  const upvoteTerm = UPVOTE_WEIGHT * Math.log2(1 + upvotes);
  const recency = recencyFactor(input.window, ageMs);
  return {
    score: (starTerm + upvoteTerm) * recency,
    parts: {
      window: input.window,
      stars,
      starDelta: input.starDelta,
      starsTotal: input.starsTotal ?? null,
      hasCode: input.starDelta !== null,
      upvotes,
      ageMs,
      starTerm,
      upvoteTerm,
      recency,
    },
  };
}

/** Highest score first; equal scores by id ascending, so a listing never reshuffles between requests. */
export function compareTrending(a: { id: string; score: number }, b: { id: string; score: number }): number {
  if (a.score !== b.score) return b.score - a.score;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

const WINDOW_WORDS: Record<TrendingWindow, string> = { day: 'today', week: 'this week', month: 'this month' };

/** `n.toLocaleString('en-US')` for the integers explanations count, without ICU (a listing explains 30 rows per request). */
function grouped(n: number): string {
  if (!Number.isSafeInteger(n)) return n.toLocaleString('en-US');
  const digits = String(Math.abs(n));
  return (n < 0 ? '-' : '') + (digits.length <= 3 ? digits : digits.replace(/\B(?=(\d{3})+$)/g, ','));
}

function plural(n: number, word: string): string {
  return `${grouped(n)} ${word}${n === 1 ? '' : 's'}`;
}

/** How old a paper is, in the largest whole unit: "today", "3 days old", "5 months old". */
export function describeAge(ageMs: number): string {
  const days = Math.floor(Math.max(0, ageMs) / DAY_MS);
  if (days < 1) return 'new today';
  if (days < 60) return `${plural(days, 'day')} old`;
  if (days < 730) return `${plural(Math.floor(days / 30.44), 'month')} old`;
  return `${plural(Math.floor(days / 365.25), 'year')} old`;
}

/**
 * The one-line explanation shown on every row: "+312 stars this week · 45 upvotes · 3 days old".
 * A repository that lost stars says so ("−12 stars this week, not counted"); no code says "no code".
 */
export function explainTrending(parts: TrendingParts): string {
  const when = WINDOW_WORDS[parts.window];
  const bits: string[] = [];
  if (!parts.hasCode) bits.push('no code');
  else if (parts.starDelta !== null && parts.starDelta < 0) bits.push(`−${plural(-parts.starDelta, 'star')} ${when}, not counted`);
  else bits.push(`+${plural(parts.stars, 'star')} ${when}`);
  bits.push(plural(parts.upvotes, 'upvote'));
  bits.push(describeAge(parts.ageMs));
  return bits.join(' · ');
}
