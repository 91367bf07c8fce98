// Member pages and admin moderation: profiles, bans, the audit log, the authorship claim queue.
import type { Context } from 'hono';
import { getUserByName } from '../../store/users.ts';
import { listAuthoredPapers, listSubmittedPapers, listUpvotedPapers } from '../../store/paper-community.ts';
import { listAuditEntries, listPendingClaims } from '../../store/moderation.ts';
import { approveClaim, banMember } from '../../community/moderation.ts';
import type { AppEnv, Viewer } from '../context.ts';
import { renderProfilePage } from '../pages/profile-page.tsx';
import { renderAuditPage, renderClaimsPage } from '../pages/admin-pages.tsx';
import { renderAdminJobsPage } from '../pages/admin-jobs-page.tsx';
import { getServiceStatus } from '../../jobs/status.ts';
import { formField, type CommunityDeps } from './community-deps.ts';
import { memberOf } from '../auth.ts';
import { refusalResponse } from '../refusals.ts';

type C = Context<AppEnv>;

export function memberHandlers(deps: CommunityDeps) {
  const { db } = deps;

  return {
    async profile(c: C) {
      const member = await getUserByName(db, c.req.param('name')!);
      if (!member) return c.notFound();
      return c.html(
        renderProfilePage({
          csrfToken: c.get('csrfToken'),
          viewer: c.get('viewer'),
          member,
          submitted: await listSubmittedPapers(db, member.id),
          upvoted: await listUpvotedPapers(db, member.id),
          authored: await listAuthoredPapers(db, member.id),
        }),
      );
    },

    async ban(c: C) {
      const viewer = memberOf(c);
      const name = c.req.param('name')!;
      const back = `/u/${encodeURIComponent(name)}`;
      const r = await banMember(db, viewer, name, (await formField(c, 'banned')) !== '0', (await formField(c, 'reason')) || null);
      if (!r.ok) return refusalResponse(c, r, back);
      return c.redirect(back, 303);
    },

    async audit(c: C) {
      const viewer = memberOf(c);
      return c.html(renderAuditPage({ csrfToken: c.get('csrfToken'), viewer, entries: await listAuditEntries(db, 200) }));
    },

    async jobs(c: C) {
      const viewer = memberOf(c);
      const now = Date.now();
      return c.html(renderAdminJobsPage({ csrfToken: c.get('csrfToken'), viewer, status: await getServiceStatus(db, deps.config, now), now }));
    },

    async claims(c: C) {
      const viewer = memberOf(c);
      return c.html(renderClaimsPage({ csrfToken: c.get('csrfToken'), viewer, claims: await listPendingClaims(db) }));
    },

    async approveClaim(c: C) {
      const viewer = memberOf(c);
      const r = await approveClaim(db, viewer, await formField(c, 'paper'), await formField(c, 'member'));
      if (!r.ok) return refusalResponse(c, r, '/admin/claims');
      return c.redirect('/admin/claims', 303);
    },
  };
}
