// Collections, follows, "not interested" and the For-you feed, as forms and pages and as the JSON API.
import type { Context } from 'hono';
import { sendJson } from '../../api/json.ts';
import { intParam } from '../../api/params.ts';
import type { Refusal } from '../../community/actions.ts';
import type { ForYouService } from '../../foryou/for-you-service.ts';
import {
  createCollection, editCollection, follow, markNotInterested, markPassed, removeCollection, savePaper, unfollow, unsavePaper, visibleCollection,
} from '../../foryou/member-library.ts';
import { loadCollectionPapers } from '../../foryou/collection-papers.ts';
import { collectionBibtex, collectionMarkdown } from '../collection-export.ts';
import { deleteUserCollections, getCollection, listCollectionEntries, listUserCollections } from '../../store/collections.ts';
import { deleteUserFeedback, listFeedback } from '../../store/paper-feedback.ts';
import { listUserVotes } from '../../store/for-you-signals.ts';
import { voteOnPaper } from '../../community/actions.ts';
import { countFollowers, deleteUserFollows, isFollowing, listFollows, type Follow } from '../../store/follows.ts';
import { loadVotedSet } from '../../community/paper-view.ts';
import type { AppEnv } from '../context.ts';
import { renderForYouPage } from '../pages/for-you-page.tsx';
import { renderCollectionPage } from '../pages/collection-page.tsx';
import { renderCollectionsPage } from '../pages/collections-page.tsx';
import { backTo, formField, type CommunityDeps } from './community-deps.ts';
import { memberOf } from '../auth.ts';
import { isApi, refusalResponse } from '../refusals.ts';

type C = Context<AppEnv>;

const FEED_PAGE = 30;

/** A same-site path from a form's `back` field (never another host), or the fallback. */
function backPath(raw: string, fallback: string): string {
  return /^\/(?![/\\])[^\s]*$/.test(raw) ? raw : fallback;
}

/** Space-separated paper ids of a form's `skipped` field. */
function skippedIds(raw: string): string[] {
  return raw.split(/\s+/).filter(Boolean);
}

/** A collection id from the URL or a field; NaN when it is not one. */
function idOf(raw: string | undefined): number {
  return raw !== undefined && /^\d{1,15}$/.test(raw) ? Number(raw) : NaN;
}

/** Member-specific answers must never sit in a shared cache. */
function privateJson(c: C, value: unknown, status: 200 | 201 = 200): Response {
  c.header('Cache-Control', 'private, no-store');
  return sendJson(c, value, status);
}

async function jsonBody(c: C): Promise<Record<string, unknown> | null> {
  const body = (await c.req.json().catch(() => null)) as unknown;
  return body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : null;
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');

function badJson(c: C, what: string): Response {
  return sendJson(c, { error: `the request body must be a JSON object with ${what}` }, 400);
}

export function libraryHandlers(deps: CommunityDeps, forYou: ForYouService | null) {
  const { db, config } = deps;
  const frame = (c: C) => ({ publicUrl: config.publicUrl, csrfToken: c.get('csrfToken') });

  /** How a follow reads in lists: a collection by its owner and name. */
  async function labelled(follows: Follow[]): Promise<{ follow: Follow; label: string }[]> {
    const out: { follow: Follow; label: string }[] = [];
    for (const f of follows) {
      if (f.kind !== 'collection') out.push({ follow: f, label: f.target });
      else {
        const col = await getCollection(db, Number(f.target));
        out.push({ follow: f, label: col?.isPublic ? `${col.owner}'s "${col.name}"` : `collection ${f.target} (no longer public)` });
      }
    }
    return out;
  }

  function collectionJson(col: NonNullable<Awaited<ReturnType<typeof getCollection>>>) {
    return {
      id: col.id,
      name: col.name,
      description: col.description,
      public: col.isPublic,
      owner: col.owner,
      papers: col.papers,
      url: `${config.publicUrl}/collections/${col.id}`,
      updatedAt: new Date(col.updatedAt).toISOString(),
    };
  }

  return {
    async forYouPage(c: C) {
      const viewer = memberOf(c);
      if (!forYou) return c.notFound();
      const feed = await forYou.feed(viewer.id, FEED_PAGE);
      const voted = await loadVotedSet(db, viewer.id, feed.items.map((i) => i.paper.id));
      return c.html(renderForYouPage({ ...frame(c), viewer, feed, voted }));
    },

    /** `GET /api/for-you?limit=N`: the feed as JSON, each paper with its score and reasons. */
    async forYouApi(c: C) {
      const viewer = memberOf(c);
      if (!forYou) return sendJson(c, { error: 'the personal feed needs the search index, which this server does not run' }, 503);
      const limit = intParam('limit', c.req.query('limit'), 20, 1, 100);
      const feed = await forYou.feed(viewer.id, limit);
      return privateJson(
        c,
        feed.items.map((i) => ({
          id: i.paper.id,
          title: i.paper.title,
          score: Math.round(i.score * 1e4) / 1e4,
          reason: i.reasons.join(' · '),
          reasons: i.reasons,
          url: `${config.publicUrl}/papers/${i.paper.id}`,
          authors: i.paper.authors,
          publishedAt: i.paper.publishedAt === null ? null : new Date(i.paper.publishedAt).toISOString(),
        })),
      );
    },

    /** Form: save into a chosen collection, a new one, or the reading list. */
    async save(c: C) {
      const viewer = memberOf(c);
      const id = c.req.param('id')!;
      const choice = await formField(c, 'collection');
      const target =
        choice === '' ? {} : choice === 'new' ? { newName: await formField(c, 'new_name'), isPublic: (await formField(c, 'public')) === '1' } : { collectionId: idOf(choice) };
      if ('collectionId' in target && Number.isNaN(target.collectionId)) return refusalResponse(c, { ok: false, kind: 'invalid', reason: 'Choose one of your collections.' }, `/papers/${id}`);
      if ('newName' in target && !(target.newName ?? '').trim()) return refusalResponse(c, { ok: false, kind: 'invalid', reason: 'Give the new collection a name.' }, `/papers/${id}`);
      const r = await savePaper(db, viewer, id, { ...target, note: await formField(c, 'note') });
      if (!r.ok) return refusalResponse(c, r, `/papers/${id}`);
      await markPassed(db, viewer, skippedIds(await formField(c, 'skipped')));
      return c.redirect(backPath(await formField(c, 'back'), backTo(c, `/papers/${id}`)), 303);
    },

    async unsave(c: C) {
      const viewer = memberOf(c);
      const id = c.req.param('id')!;
      const r = await unsavePaper(db, viewer, idOf(await formField(c, 'collection')), id);
      if (!r.ok) return refusalResponse(c, r, `/papers/${id}`);
      return c.redirect(backPath(await formField(c, 'back'), `/papers/${id}`), 303);
    },

    async notInterested(c: C) {
      const viewer = memberOf(c);
      const id = c.req.param('id')!;
      const r = await markNotInterested(db, viewer, id, isApi(c) ? [] : skippedIds(await formField(c, 'skipped')));
      if (!r.ok) return refusalResponse(c, r, '/for-you');
      if (isApi(c)) return privateJson(c, { id, notInterested: true });
      return c.redirect('/for-you', 303);
    },

    async collectionsPage(c: C) {
      const viewer = memberOf(c);
      const [collections, follows] = await Promise.all([listUserCollections(db, viewer.id), listFollows(db, viewer.id)]);
      return c.html(renderCollectionsPage({ ...frame(c), viewer, collections, follows: await labelled(follows) }));
    },

    async createCollectionForm(c: C) {
      const viewer = memberOf(c);
      const r = await createCollection(db, viewer, { name: await formField(c, 'name'), description: await formField(c, 'description'), isPublic: (await formField(c, 'public')) === '1' });
      if (!r.ok) return refusalResponse(c, r, '/collections');
      return c.redirect(`/collections/${r.id}`, 303);
    },

    async collectionPage(c: C) {
      const viewer = c.get('viewer');
      const col = await visibleCollection(db, viewer?.id ?? null, idOf(c.req.param('cid')));
      if (!col) return c.notFound();
      const papers = await loadCollectionPapers(db, col.id);
      const following = viewer ? await isFollowing(db, viewer.id, 'collection', String(col.id)) : false;
      const followers = col.isPublic ? await countFollowers(db, 'collection', String(col.id)) : 0;
      return c.html(renderCollectionPage({ ...frame(c), viewer, collection: col, papers, followers, following }));
    },

    async editCollectionForm(c: C) {
      const viewer = memberOf(c);
      const cid = idOf(c.req.param('cid'));
      const r = await editCollection(db, viewer, cid, { name: await formField(c, 'name'), description: await formField(c, 'description'), isPublic: (await formField(c, 'public')) === '1' });
      if (!r.ok) return refusalResponse(c, r, `/collections/${cid}`);
      return c.redirect(`/collections/${cid}`, 303);
    },

    async deleteCollectionForm(c: C) {
      const viewer = memberOf(c);
      const r = await removeCollection(db, viewer, idOf(c.req.param('cid')));
      if (!r.ok) return refusalResponse(c, r, '/collections');
      return c.redirect('/collections', 303);
    },

    /** `/collections/{id}/bibtex` and `/markdown`: the papers, for a reference manager or notes. */
    exportCollection: (format: 'bibtex' | 'markdown') => async (c: C) => {
      const col = await visibleCollection(db, c.get('viewer')?.id ?? null, idOf(c.req.param('cid')));
      if (!col) return c.notFound();
      const papers = await loadCollectionPapers(db, col.id);
      if (!col.isPublic) c.header('Cache-Control', 'private, no-store');
      if (format === 'bibtex') {
        c.header('Content-Type', 'application/x-bibtex; charset=utf-8');
        c.header('Content-Disposition', `inline; filename="collection-${col.id}.bib"`);
        return c.body(collectionBibtex(papers));
      }
      c.header('Content-Type', 'text/markdown; charset=utf-8');
      return c.body(collectionMarkdown(col, papers, config.publicUrl));
    },

    followForm: (on: boolean) => async (c: C) => {
      const viewer = memberOf(c);
      const kind = await formField(c, 'kind');
      const target = await formField(c, 'target');
      const back = backPath(await formField(c, 'back'), '/collections#follows');
      const r: { ok: true } | Refusal = on ? await follow(db, viewer, kind, target) : await unfollow(db, viewer, kind, target);
      if (!r.ok) return refusalResponse(c, r, back);
      return c.redirect(back, 303);
    },

    /** Settings → download: every signal the feed learns from, and the model itself, as JSON. */
    async exportMyData(c: C) {
      const viewer = memberOf(c);
      const collections = await listUserCollections(db, viewer.id);
      const data = {
        member: viewer.name,
        exportedAt: new Date().toISOString(),
        collections: await Promise.all(
          collections.map(async (col) => ({
            ...collectionJson(col),
            items: (await listCollectionEntries(db, col.id)).map((e) => ({ id: e.paperId, note: e.note, addedAt: new Date(e.addedAt).toISOString() })),
          })),
        ),
        follows: (await listFollows(db, viewer.id)).map((f) => ({ kind: f.kind, target: f.target, createdAt: new Date(f.createdAt).toISOString() })),
        upvotes: (await listUserVotes(db, viewer.id)).map((v) => ({ id: v.paperId, at: new Date(v.createdAt).toISOString() })),
        feedback: (await listFeedback(db, viewer.id)).map((f) => ({ id: f.paperId, kind: f.kind, at: new Date(f.createdAt).toISOString() })),
        model: forYou ? await forYou.model(viewer.id) : null,
      };
      c.header('Content-Disposition', `attachment; filename="paperboy-for-you-${viewer.name}.json"`);
      return privateJson(c, data);
    },

    /**
     * Settings → delete: collections, follows, "not interested" marks and the model go; upvotes
     * too when asked (withdrawn one by one, so the papers' counts and trending stay right).
     */
    async deleteMyData(c: C) {
      const viewer = memberOf(c);
      if ((await formField(c, 'confirm')) !== 'yes') {
        return refusalResponse(c, { ok: false, kind: 'invalid', reason: 'Tick the box to confirm: this cannot be undone.' }, '/settings#for-you');
      }
      await db.transaction(async (tx) => {
        await deleteUserCollections(tx, viewer.id);
        await deleteUserFollows(tx, viewer.id);
        await deleteUserFeedback(tx, viewer.id);
      });
      if ((await formField(c, 'upvotes')) === '1') {
        for (const v of await listUserVotes(db, viewer.id)) await voteOnPaper(db, deps.hooks, viewer, v.paperId, false);
      }
      forYou?.forget(viewer.id);
      return c.redirect('/settings?deleted=for-you#for-you', 303);
    },

    // JSON API (Bearer tokens or the session).
    async listCollectionsApi(c: C) {
      const viewer = memberOf(c);
      return privateJson(c, (await listUserCollections(db, viewer.id)).map(collectionJson));
    },

    async createCollectionApi(c: C) {
      const viewer = memberOf(c);
      const body = await jsonBody(c);
      if (!body) return badJson(c, '"name" (and optionally "description", "public")');
      const r = await createCollection(db, viewer, { name: str(body.name), description: str(body.description), isPublic: body.public === true });
      if (!r.ok) return refusalResponse(c, r);
      return privateJson(c, collectionJson((await getCollection(db, r.id))!), 201);
    },

    async getCollectionApi(c: C) {
      const viewer = c.get('viewer');
      const col = await visibleCollection(db, viewer?.id ?? null, idOf(c.req.param('cid')));
      if (!col) return sendJson(c, { error: `no collection ${c.req.param('cid')} (or it is private)` }, 404);
      const papers = await loadCollectionPapers(db, col.id);
      if (!col.isPublic) c.header('Cache-Control', 'private, no-store');
      return sendJson(c, {
        ...collectionJson(col),
        items: papers.map(({ paper, note, addedAt }) => ({ id: paper.id, title: paper.title, authors: paper.authors, note, addedAt: new Date(addedAt).toISOString() })),
      });
    },

    async addToCollectionApi(c: C) {
      const viewer = memberOf(c);
      const body = await jsonBody(c);
      if (!body || typeof body.id !== 'string') return badJson(c, '"id" (a paper id) and optionally "note"');
      const r = await savePaper(db, viewer, body.id, { collectionId: idOf(c.req.param('cid')), note: str(body.note) });
      if (!r.ok) return refusalResponse(c, r);
      return privateJson(c, { collection: r.collectionId, id: body.id, note: str(body.note).trim() }, 201);
    },

    async removeFromCollectionApi(c: C) {
      const viewer = memberOf(c);
      const r = await unsavePaper(db, viewer, idOf(c.req.param('cid')), c.req.param('id')!);
      if (!r.ok) return refusalResponse(c, r);
      return privateJson(c, { removed: r.removed });
    },

    async listFollowsApi(c: C) {
      const viewer = memberOf(c);
      return privateJson(c, (await listFollows(db, viewer.id)).map((f) => ({ kind: f.kind, target: f.target, createdAt: new Date(f.createdAt).toISOString() })));
    },

    followApi: (on: boolean) => async (c: C) => {
      const viewer = memberOf(c);
      const body = await jsonBody(c);
      if (!body) return badJson(c, '"kind" (author, category, keyword or collection) and "target"');
      const r = on ? await follow(db, viewer, str(body.kind), str(body.target)) : await unfollow(db, viewer, str(body.kind), str(body.target));
      if (!r.ok) return refusalResponse(c, r);
      return privateJson(c, on ? { kind: str(body.kind), target: str(body.target).trim(), following: true } : { following: false }, on ? 201 : 200);
    },
  };
}
