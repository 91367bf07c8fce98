// The personal feed of one member: gathers their signals from the store, keeps their trained model
// in memory until a signal changes, and ranks the recent papers of the search index with reasons.
import type { Db } from '../db/db.ts';
import type { Paper } from '../model.ts';
import type { SearchService } from '../search/service.ts';
import type { IndexState } from '../search/index-state.ts';
import { getPapersByIds } from '../store/papers.ts';
import { terms } from '../search/tokenize.ts';
import { getCollection, listPublicCollectionPapers, listUserSavedPapers } from '../store/collections.ts';
import { listFollows, type Follow } from '../store/follows.ts';
import { listFeedback } from '../store/paper-feedback.ts';
import { getSignalStamp, listRecentPapersByAuthors, listUserVotes } from '../store/for-you-signals.ts';
import { loadTrending } from '../trending/listing.ts';
import { DAY_MS } from '../periods.ts';
import { DEFAULT_RANK, rankForYou, trainTaste, type Boost, type ForYouSignals, type RankOptions, type TermSource, type TrainedTaste, type VectorSource } from './rank-for-you.ts';


export interface ForYouItem {
  paper: Paper;
  score: number;
  /** Why it is here, strongest first: "close to 3 papers in your "Diffusion LMs" collection". */
  reasons: string[];
}

export interface ForYouFeed {
  items: ForYouItem[];
  /** No model yet (too few saves and upvotes): follows and trending only. */
  coldStart: boolean;
  /** Liked papers the model learned from. */
  liked: number;
}

export interface ForYouOptions {
  /** Candidates: papers published within this many days of the newest one in the index… */
  windowDays: number;
  /** …at most this many, newest first. */
  maxCandidates: number;
  /** Members whose models are kept in memory (the least recently trained are dropped first). */
  cacheSize: number;
  rank: RankOptions;
}

export const DEFAULT_FOR_YOU: ForYouOptions = { windowDays: 30, maxCandidates: 10_000, cacheSize: 5_000, rank: DEFAULT_RANK };

/** A member's model as they may download it (settings → export). */
export interface ForYouModelExport {
  trained: boolean;
  likedPapers: number;
  /** The linear model over the index's vector dimensions, or null before there are enough signals. */
  weights: number[] | null;
  bias: number | null;
  /** The keyword side: profile terms (stems) and their query weights. */
  profileTerms: Record<string, number>;
}

export interface ForYouService {
  feed(userId: number, limit: number): Promise<ForYouFeed>;
  /** The member's current model (trained now if their signals changed). */
  model(userId: number): Promise<ForYouModelExport>;
  /** Drops a member's model from memory (after they delete their signals). */
  forget(userId: number): void;
}

/** Signal weights: an explicit "not interested" counts three times a like; a paper scrolled past, a fraction. */
export const SIGNAL_WEIGHT = { saved: 1, upvoted: 1, followedCollection: 0.5, notInterested: 3, passed: 0.3 };
const BOOST = { author: 0.6, collection: 0.45, keyword: 0.35, category: 0.25 };

interface MemberState {
  stamp: string;
  index: IndexState;
  taste: TrainedTaste;
  signals: ForYouSignals;
  follows: Follow[];
  /** Followed public collections' papers → which collection ("alice's "Agents""). */
  followedPapers: Map<string, string>;
}

/** The index's vectors through the ranker's narrow interface. */
export function vectorSource(index: IndexState): VectorSource | null {
  const v = index.vectors;
  if (!v || !index.embedderReady) return null;
  return { dim: v.dim, get: (d) => v.get(d), score: (q, d) => v.score(q, d), top: (q, docs, k, accept) => v.searchAmong(q, docs, k, accept) };
}

/** The keyword index through the ranker's interface: idf by term, and BM25 with weighted terms. */
export function termSource(index: IndexState): TermSource {
  const kw = index.keyword;
  return {
    idf(term) {
      const id = kw.termIds.get(term);
      return id === undefined || id + 1 >= kw.offsets.length ? 0 : kw.idf(id);
    },
    search(weights, k, accept) {
      const should: string[] = [];
      for (const [t, w] of weights) for (let i = 0; i < w; i++) should.push(t);
      return kw.search({ should, must: [], mustNot: [], phrases: [], prefixes: [], authors: [] }, k, accept);
    },
  };
}

/** The newest papers in the index: those within `windowDays` of the newest, at most `max`. */
export function recentDocs(index: IndexState, windowDays: number, max: number): Int32Array {
  const t = index.table;
  const dates = t.publishedAt.data;
  const alive = t.alive.data;
  let newest = -Infinity;
  for (let d = 0; d < t.size; d++) if (alive[d] === 1 && dates[d]! > newest) newest = dates[d]!;
  if (newest === -Infinity) return new Int32Array(0);
  const from = newest - windowDays * DAY_MS;
  const docs: number[] = [];
  for (let d = 0; d < t.size; d++) if (alive[d] === 1 && dates[d]! >= from) docs.push(d);
  if (docs.length > max) docs.sort((a, b) => dates[b]! - dates[a]! || b - a).length = max;
  return Int32Array.from(docs);
}

export function createForYouService(db: Db, search: SearchService, options: Partial<ForYouOptions> = {}): ForYouService {
  const o = { ...DEFAULT_FOR_YOU, ...options };
  const members = new Map<number, MemberState>();
  let candidates: { index: IndexState; size: number; alive: number; docs: Int32Array; member: Uint8Array } | null = null;

  /** The recent papers every member's feed ranks, and a membership map of them, kept until the index changes. */
  function currentCandidates(index: IndexState): { docs: Int32Array; member: Uint8Array } {
    const c = candidates;
    if (c && c.index === index && c.size === index.table.size && c.alive === index.table.aliveCount) return c;
    const docs = recentDocs(index, o.windowDays, o.maxCandidates);
    const member = new Uint8Array(index.table.size);
    for (let i = 0; i < docs.length; i++) member[docs[i]!] = 1;
    candidates = { index, size: index.table.size, alive: index.table.aliveCount, docs, member };
    return candidates;
  }

  async function loadMember(userId: number, stamp: string, index: IndexState, source: VectorSource | null, pool: Int32Array): Promise<MemberState> {
    const [saved, votes, feedback, follows] = await Promise.all([listUserSavedPapers(db, userId), listUserVotes(db, userId), listFeedback(db, userId), listFollows(db, userId)]);
    const byId = index.table.byId;
    const liked = new Map<number, { doc: number; weight: number; source: string }>();
    const exclude = new Set<number>();
    for (const s of saved) {
      const doc = byId.get(s.paperId);
      if (doc === undefined) continue;
      exclude.add(doc);
      if (!liked.has(doc)) liked.set(doc, { doc, weight: SIGNAL_WEIGHT.saved, source: `your "${s.collection}" collection` });
    }
    for (const v of votes) {
      const doc = byId.get(v.paperId);
      if (doc === undefined) continue;
      exclude.add(doc);
      if (!liked.has(doc)) liked.set(doc, { doc, weight: SIGNAL_WEIGHT.upvoted, source: 'papers you upvoted' });
    }
    // Papers in public collections the member follows teach the model too, at half weight.
    const followedIds = follows.filter((f) => f.kind === 'collection').map((f) => Number(f.target)).filter(Number.isSafeInteger);
    const followedPapers = new Map<string, string>();
    if (followedIds.length) {
      const names = new Map<number, string>();
      for (const id of followedIds) {
        const col = await getCollection(db, id);
        if (col?.isPublic) names.set(id, `${col.owner}'s "${col.name}" collection`);
      }
      for (const p of await listPublicCollectionPapers(db, [...names.keys()])) {
        const label = names.get(p.collectionId)!;
        followedPapers.set(p.paperId, label);
        const doc = byId.get(p.paperId);
        if (doc !== undefined && !liked.has(doc)) liked.set(doc, { doc, weight: SIGNAL_WEIGHT.followedCollection, source: label });
      }
    }
    const disliked: { doc: number; weight: number }[] = [];
    const rejected: number[] = [];
    for (const f of feedback) {
      const doc = byId.get(f.paperId);
      if (doc === undefined || liked.has(doc)) continue;
      disliked.push({ doc, weight: f.kind === 'not_interested' ? SIGNAL_WEIGHT.notInterested : SIGNAL_WEIGHT.passed });
      if (f.kind === 'not_interested') {
        rejected.push(doc);
        exclude.add(doc);
      }
    }
    const signals: ForYouSignals = { liked: [...liked.values()], disliked, rejected, exclude };
    // The liked papers' words, for the keyword side of the model (one read of a few dozen rows).
    const likedIds = signals.liked.map((l) => index.table.ids[l.doc]!);
    const likedTerms = (await getPapersByIds(db, likedIds)).map((p) => terms(`${p.title} ${p.abstract}`));
    const taste: TrainedTaste = source
      ? trainTaste(source, signals, pool, userId, o.rank, { likedTerms, terms: termSource(index) })
      : { model: null, liked: [], rejected: [], profile: new Map() };
    return { stamp, index, taste, signals, follows, followedPapers };
  }

  /** Follow matches among the candidates: authors, categories, saved searches, followed collections. */
  async function followBoosts(m: MemberState, index: IndexState, pool: Int32Array): Promise<Map<number, Boost[]>> {
    const boosts = new Map<number, Boost[]>();
    const add = (doc: number, b: Boost) => {
      const list = boosts.get(doc);
      if (list) list.push(b);
      else boosts.set(doc, [b]);
    };
    const byId = index.table.byId;
    const dates = index.table.publishedAt.data;
    let from = Infinity;
    for (let i = 0; i < pool.length; i++) from = Math.min(from, dates[pool[i]!]!);
    if (!(from < Infinity)) from = 0;
    const authors = m.follows.filter((f) => f.kind === 'author').map((f) => f.target);
    if (authors.length) {
      const wanted = new Map(authors.map((a) => [a.toLowerCase(), a]));
      for (const p of await listRecentPapersByAuthors(db, authors, from)) {
        const doc = byId.get(p.id);
        const hit = p.authors.find((a) => wanted.has(a.toLowerCase()));
        if (doc !== undefined && hit) add(doc, { score: BOOST.author, reason: `by ${hit}, an author you follow` });
      }
    }
    const categories = m.follows.filter((f) => f.kind === 'category').map((f) => f.target);
    if (categories.length) {
      for (let i = 0; i < pool.length; i++) {
        const doc = pool[i]!;
        const cat = categories.find((c) => index.table.inCategory(doc, c));
        if (cat) add(doc, { score: BOOST.category, reason: `in ${cat}, which you follow` });
      }
    }
    for (const f of m.follows.filter((x) => x.kind === 'keyword')) {
      const hits = await search.rank(f.target, 'keyword', 200, { from });
      const top = hits[0]?.score ?? 0;
      for (const h of hits) {
        const doc = byId.get(h.id);
        if (doc !== undefined && top > 0) add(doc, { score: BOOST.keyword * (0.5 + 0.5 * (h.score / top)), reason: `matches your search "${f.target}"` });
      }
    }
    for (const [id, label] of m.followedPapers) {
      const doc = byId.get(id);
      if (doc !== undefined) add(doc, { score: BOOST.collection, reason: `in ${label}, which you follow` });
    }
    return boosts;
  }

  /** This week's trending papers, scores scaled to 0..1, each with its one-line explanation. */
  async function trendingBoosts(index: IndexState): Promise<Map<number, Boost>> {
    const list = await loadTrending(db, { window: 'week', limit: 200, withTotal: false });
    const top = list.reasons[0]?.score ?? 0;
    const out = new Map<number, Boost>();
    if (!(top > 0)) return out;
    list.papers.forEach((paper, i) => {
      const doc = index.table.byId.get(paper.id);
      const r = list.reasons[i]!;
      if (doc !== undefined && r.score > 0) out.set(doc, { score: r.score / top, reason: r.explanation });
    });
    return out;
  }

  /**
   * The member's state, retrained when their signals or the index changed since it was cached:
   * a save, upvote, follow or "not interested" shows on the very next request.
   */
  async function memberState(userId: number) {
    const index = await search.index();
    const source = vectorSource(index);
    const { docs: pool, member } = currentCandidates(index);
    const stamp = await getSignalStamp(db, userId);
    let m = members.get(userId);
    if (!m || m.stamp !== stamp || m.index !== index) {
      m = await loadMember(userId, stamp, index, source, pool);
      members.delete(userId);
      if (members.size >= o.cacheSize) members.delete(members.keys().next().value!);
      members.set(userId, m);
    }
    return { m, index, source, pool, member };
  }

  return {
    async model(userId) {
      const { m } = await memberState(userId);
      const model = m.taste.model;
      return {
        trained: model !== null,
        likedPapers: m.taste.liked.length,
        weights: model ? Array.from(model.weights, (w) => Math.round(w * 1e6) / 1e6) : null,
        bias: model ? model.bias : null,
        profileTerms: Object.fromEntries(m.taste.profile),
      };
    },
    async feed(userId, limit) {
      const { m, index, source, pool, member } = await memberState(userId);
      const [boosts, trending] = await Promise.all([followBoosts(m, index, pool), trendingBoosts(index)]);
      // Followed and trending papers older than the window join the candidates (the few not in it).
      const older = new Set<number>();
      for (const d of [...boosts.keys(), ...trending.keys()]) if (member[d] !== 1) older.add(d);
      const ranked = rankForYou({
        source: source ?? { dim: 0, get: () => null, score: () => 0, top: () => [] },
        taste: m.taste,
        candidates: older.size ? Int32Array.from([...pool, ...older]) : pool,
        exclude: m.signals.exclude,
        boosts,
        trending,
        terms: termSource(index),
        // A few spare: hidden papers are dropped below.
        limit: limit + 10,
        options: o.rank,
      });
      const ids = ranked.map((r) => index.table.ids[r.doc]!);
      const papers = new Map((await getPapersByIds(db, ids, { visibleOnly: true })).map((p) => [p.id, p]));
      const items = ranked.flatMap((r, i) => {
        const paper = papers.get(ids[i]!);
        return paper ? [{ paper, score: r.score, reasons: r.reasons }] : [];
      });
      return { items: items.slice(0, limit), coldStart: m.taste.model === null, liked: m.taste.liked.length };
    },
    forget(userId) {
      members.delete(userId);
    },
  };
}
