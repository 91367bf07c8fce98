// How our weekly ranking compares with Hugging Face's upvotes, week by week (Spearman's ρ).
import type { Db } from '../db/db.ts';
import { listFeaturedBetween, listTrending } from '../store/trending.ts';
import { spearman } from './spearman.ts';
import { DAY_MS, dayOf, endOfDay } from '../periods.ts';

export interface WeekComparison {
  from: string;
  to: string;
  papers: number;
  /** ρ between our trending score and Hugging Face upvotes over the papers featured that week. */
  rho: number | null;
  /** ρ between the star term alone and the upvotes: how much GitHub agrees with Hugging Face voters. */
  rhoStars: number | null;
  /** Papers in both top 10s. */
  top10Overlap: number;
  /** The paper we rank far above its upvote rank, and the reason. */
  weAreHigher: { id: string; title: string; ours: number; theirs: number } | null;
  weAreLower: { id: string; title: string; ours: number; theirs: number } | null;
}

function rankOf(ids: string[], value: (id: string) => number): Map<string, number> {
  const sorted = [...ids].sort((a, b) => value(b) - value(a) || (a < b ? -1 : 1));
  return new Map(sorted.map((id, i) => [id, i + 1]));
}

/** Compares `weeks` consecutive 7-day windows ending on `endDay` (YYYY-MM-DD), newest first. */
export async function compareWithUpvotes(db: Db, endDay: string, weeks: number): Promise<WeekComparison[]> {
  const out: WeekComparison[] = [];
  for (let w = 0; w < weeks; w++) {
    const at = endOfDay(endDay) - w * 7 * DAY_MS;
    const to = dayOf(at);
    const from = dayOf(at - 7 * DAY_MS + 1);
    const featured = await listFeaturedBetween(db, from, to);
    const rows = await listTrending(db, { window: 'week', at, limit: 100_000 });
    const byId = new Map(rows.map((r) => [r.paper.id, r]));
    const ids = featured.map((p) => p.id);
    const upvotes = new Map(featured.map((p) => [p.id, Number(p.hf_upvotes)]));
    const ours = (id: string) => byId.get(id)?.score ?? 0;
    const stars = (id: string) => byId.get(id)?.parts.starTerm ?? 0;
    const theirs = (id: string) => upvotes.get(id) ?? 0;
    const ourRank = rankOf(ids, ours);
    const theirRank = rankOf(ids, theirs);
    const top = (r: Map<string, number>) => new Set([...r].filter(([, k]) => k <= 10).map(([id]) => id));
    const ourTop = top(ourRank);
    let higher: WeekComparison['weAreHigher'] = null;
    let lower: WeekComparison['weAreLower'] = null;
    for (const p of featured) {
      const d = theirRank.get(p.id)! - ourRank.get(p.id)!;
      if (d > 0 && (!higher || d > higher.theirs - higher.ours)) higher = { id: p.id, title: p.title, ours: ourRank.get(p.id)!, theirs: theirRank.get(p.id)! };
      if (d < 0 && (!lower || -d > lower.ours - lower.theirs)) lower = { id: p.id, title: p.title, ours: ourRank.get(p.id)!, theirs: theirRank.get(p.id)! };
    }
    out.push({
      from,
      to,
      papers: ids.length,
      rho: spearman(ids.map(ours), ids.map(theirs)),
      rhoStars: spearman(ids.map(stars), ids.map(theirs)),
      top10Overlap: [...top(theirRank)].filter((id) => ourTop.has(id)).length,
      weAreHigher: higher,
      weAreLower: lower,
    });
  }
  return out;
}
