// Member actions on papers, as forms and as the JSON API: upvote, submit, comment, claim, links.
import type { Context } from 'hono';
import { getComment } from '../../store/comments.ts';
import { deleteComment, editComment, isCurator, postComment, submitPaper, voteOnPaper, type Outcome } from '../../community/actions.ts';
import { claimAuthorship, hideComment, hidePaper, setPaperLinks } from '../../community/moderation.ts';
import { parseArxivRef } from '../../community/arxiv-ref.ts';
import type { AppEnv, Viewer } from '../context.ts';
import { renderSubmitPage } from '../pages/submit-page.tsx';
import { renderEditCommentPage } from '../pages/edit-comment-page.tsx';
import { backTo, formField, type CommunityDeps } from './community-deps.ts';
import { memberOf } from '../auth.ts';
import { isApi, refusalResponse, REFUSAL_STATUS } from '../refusals.ts';

type C = Context<AppEnv>;

export function paperHandlers(deps: CommunityDeps) {
  const { db, config } = deps;
  const rules = { windowDays: config.community.submissionWindowDays, perDay: config.community.submissionsPerDay };
  const paperPath = (id: string) => `/papers/${id}`;

  async function vote(c: C, on: boolean | null) {
    const viewer = memberOf(c);
    const id = c.req.param('id')!;
    const wanted = on ?? (await formField(c, 'vote')) !== '0';
    const r = await voteOnPaper(db, deps.hooks, viewer, id, wanted);
    if (!r.ok) return refusalResponse(c, r, paperPath(id));
    if (isApi(c) || c.req.header('accept')?.includes('application/json')) return c.json({ id, upvotes: r.upvotes, upvoted: r.upvoted });
    return c.redirect(backTo(c, paperPath(id)), 303);
  }

  /** A member's form action on the paper in the URL: refused with a reason, or back to its page. */
  async function actOnPaper(c: C, act: (viewer: Viewer, id: string) => Promise<Outcome<object>>) {
    const viewer = memberOf(c);
    const id = c.req.param('id')!;
    const r = await act(viewer, id);
    if (!r.ok) return refusalResponse(c, r, paperPath(id));
    return c.redirect(paperPath(id), 303);
  }

  return {
    voteForm: (c: C) => vote(c, null),
    voteApiSet: (c: C) => vote(c, true),
    voteApiClear: (c: C) => vote(c, false),

    submitForm(c: C) {
      const viewer = memberOf(c);
      // `?paper=ID` from the unknown-paper page fills the box in.
      const value = (c.req.query('paper') ?? '').slice(0, 200);
      return c.html(renderSubmitPage({ csrfToken: c.get('csrfToken'), viewer, rules, curator: isCurator(viewer), value }));
    },

    async submit(c: C) {
      const viewer = memberOf(c);
      const api = isApi(c);
      let ref = '';
      let day = '';
      if (api) {
        const body = (await c.req.json().catch(() => null)) as { id?: unknown; day?: unknown } | null;
        ref = typeof body?.id === 'string' ? body.id : '';
        day = typeof body?.day === 'string' ? body.day : '';
      } else {
        ref = await formField(c, 'paper');
        day = await formField(c, 'day');
      }
      const fail = (message: string, status: 400 | 404 | 403 | 503) =>
        api
          ? c.json({ error: message }, status)
          : c.html(renderSubmitPage({ csrfToken: c.get('csrfToken'), viewer, rules, curator: isCurator(viewer), error: message, value: ref }), status);
      const id = parseArxivRef(ref);
      if (!id) return fail(`"${ref.slice(0, 100)}" is not an arXiv id or arXiv URL (for example 2503.12533).`, 400);
      if (day && !/^\d{4}-\d{2}-\d{2}$/.test(day)) return fail('The day must be a date as YYYY-MM-DD.', 400);
      const r = await submitPaper(db, config, viewer, id, { day: day || undefined, fetchMissing: deps.fetchMissingPaper });
      if (!r.ok) return fail(r.reason, REFUSAL_STATUS[r.kind]);
      if (api) return c.json({ id, featuredOn: r.day, submittedBy: viewer.name }, 201);
      return c.redirect(paperPath(id), 303);
    },

    async comment(c: C) {
      const viewer = memberOf(c);
      const id = c.req.param('id')!;
      const parentText = await formField(c, 'parent');
      const parent = /^\d+$/.test(parentText) ? Number(parentText) : null;
      const r = await postComment(db, viewer, id, await formField(c, 'body'), parent);
      if (!r.ok) return refusalResponse(c, r, paperPath(id));
      return c.redirect(`${paperPath(id)}#comment-${r.id}`, 303);
    },

    async editCommentForm(c: C) {
      const viewer = memberOf(c);
      const comment = await getComment(db, Number(c.req.param('cid')));
      if (!comment || comment.deletedAt !== null || comment.userId !== viewer.id) return c.notFound();
      return c.html(renderEditCommentPage({ csrfToken: c.get('csrfToken'), viewer, comment }));
    },

    async editComment(c: C) {
      const viewer = memberOf(c);
      const cid = Number(c.req.param('cid'));
      const r = await editComment(db, viewer, cid, await formField(c, 'body'));
      if (!r.ok) return refusalResponse(c, r, `/comments/${cid}/edit`);
      return c.redirect(`${paperPath(r.paperId)}#comment-${cid}`, 303);
    },

    async deleteComment(c: C) {
      const viewer = memberOf(c);
      const r = await deleteComment(db, viewer, Number(c.req.param('cid')));
      if (!r.ok) return refusalResponse(c, r);
      return c.redirect(paperPath(r.paperId), 303);
    },

    async hideComment(c: C) {
      const viewer = memberOf(c);
      const cid = Number(c.req.param('cid'));
      const r = await hideComment(db, viewer, cid, (await formField(c, 'hidden')) !== '0', (await formField(c, 'reason')) || null);
      if (!r.ok) return refusalResponse(c, r);
      return c.redirect(`${paperPath(r.paperId)}#comment-${cid}`, 303);
    },

    hidePaper: (c: C) =>
      actOnPaper(c, async (viewer, id) => hidePaper(db, viewer, id, (await formField(c, 'hidden')) !== '0', (await formField(c, 'reason')) || null)),
    claim: (c: C) => actOnPaper(c, (viewer, id) => claimAuthorship(db, viewer, id)),
    links: (c: C) =>
      actOnPaper(c, async (viewer, id) => setPaperLinks(db, viewer, id, await formField(c, 'code'), await formField(c, 'project'))),
  };
}
