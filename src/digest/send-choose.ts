// Which papers each subscriber gets: the run's trending candidates, filtered by their topics and
// saved search, minus what earlier digests sent them; and, for members, a For-you section.
import type { Db } from '../db/db.ts';
import type { Paper, Subscriber } from '../model.ts';
import type { SearchService } from '../search/service.ts';
import * as store from '../store/digests.ts';
import { listUserIdsByEmails } from '../store/users.ts';
import { createForYouService, type ForYouService } from '../foryou/for-you-service.ts';
import { selectDigestPapers, type DigestForYou } from './compose.ts';
import type { SendDeps } from './send-run.ts';

/** How many personal picks a digest carries: a taste of the feed, not a second digest. */
const FOR_YOU_IN_DIGEST = 3;

export interface PaperChooser {
  /** Each subscriber's papers, after topics and what they were already sent. */
  choosePapers(subscribers: Subscriber[]): Promise<Map<number, Paper[]>>;
  /** The For-you sections of the subscribers who are members (see forYouSections). */
  forYouSections(subscribers: readonly Subscriber[], chosen: ReadonlyMap<number, Paper[]>): Promise<Map<number, DigestForYou>>;
}

/**
 * A chooser over one run's candidates. The search service is opened only when a subscriber has
 * a saved search or is a member; each distinct saved search runs once per run, over the papers
 * published in the candidates' time span (so the 1,000 best hits are drawn from the right days).
 */
export function createPaperChooser(deps: SendDeps, candidates: Paper[], maxPapers: number): PaperChooser {
  const { db } = deps;
  const candidateIds = candidates.map((p) => p.id);
  const published = candidates.map((p) => p.publishedAt ?? p.createdAt);
  const span = { from: Math.min(...published), to: Math.max(...published) };
  let search: Promise<SearchService | null> | null = null;
  const openSearch = () => (search ??= deps.search ? deps.search().catch(() => null) : Promise.resolve(null));
  const queryHits = new Map<string, Promise<Set<string> | null>>();
  const hitsFor = (q: string): Promise<Set<string> | null> => {
    let hits = queryHits.get(q);
    if (!hits) {
      hits = openSearch().then(async (s) => (s ? new Set((await s.rank(q, 'keyword', 1000, span)).map((h) => h.id)) : null));
      queryHits.set(q, hits);
    }
    return hits;
  };
  let forYouService: Promise<ForYouService | null> | null = deps.forYou !== undefined ? Promise.resolve(deps.forYou) : null;
  const openForYou = () => (forYouService ??= openSearch().then((s) => (s ? createForYouService(db, s) : null)));

  return {
    async choosePapers(subscribers) {
      const sent = await store.listSentPaperIds(db, subscribers.map((s) => s.id), candidateIds);
      const bySub = new Map<number, Set<string>>();
      for (const r of sent) (bySub.get(r.subscriberId) ?? bySub.set(r.subscriberId, new Set()).get(r.subscriberId)!).add(r.paperId);
      const chosen = new Map<number, Paper[]>();
      for (const s of subscribers) {
        const hits = s.topics.query && candidates.length ? await hitsFor(s.topics.query) : null;
        chosen.set(s.id, selectDigestPapers(candidates, s.topics, bySub.get(s.id) ?? new Set(), maxPapers, hits));
      }
      return chosen;
    },
    forYouSections: (subscribers, chosen) => forYouSections(deps, openForYou, subscribers, chosen),
  };
}

/**
 * The For-you section of each subscriber who is a member with the same address: their top picks
 * not already among the digest's papers. A failure here costs the section, never the digest.
 */
async function forYouSections(
  deps: { db: Db; config: SendDeps['config']; log?: (line: string) => void },
  openForYou: () => Promise<ForYouService | null>,
  subscribers: readonly Subscriber[],
  chosen: ReadonlyMap<number, Paper[]>,
): Promise<Map<number, DigestForYou>> {
  const out = new Map<number, DigestForYou>();
  const members = await listUserIdsByEmails(deps.db, subscribers.map((s) => s.email));
  if (members.size === 0) return out;
  const forYou = await openForYou();
  if (!forYou) return out;
  for (const s of subscribers) {
    const userId = members.get(s.email.toLowerCase());
    if (userId === undefined) continue;
    try {
      const inDigest = new Set((chosen.get(s.id) ?? []).map((p) => p.id));
      const feed = await forYou.feed(userId, FOR_YOU_IN_DIGEST + inDigest.size);
      if (feed.coldStart && feed.items.every((i) => i.reasons.every((r) => !r.includes('follow')))) continue;
      const items = feed.items.filter((i) => !inDigest.has(i.paper.id)).slice(0, FOR_YOU_IN_DIGEST);
      if (items.length) out.set(s.id, { items: items.map((i) => ({ paper: i.paper, reason: i.reasons.join(' · ') })), url: `${deps.config.publicUrl}/for-you` });
    } catch (err) {
      deps.log?.(`For-you section for subscriber ${s.id} skipped: ${(err as Error).message}`);
    }
  }
  return out;
}
