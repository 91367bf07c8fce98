// Admin pages: the moderation audit log and the queue of authorship claims.
import { Layout, renderPage } from '../components/layout.tsx';
import type { Viewer } from '../context.ts';
import type { AuditEntry, PendingClaim } from '../../store/moderation.ts';

const when = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

export function renderAuditPage(p: { csrfToken: string; viewer: Viewer; entries: AuditEntry[] }): string {
  return renderPage(
    <Layout title="Audit log" csrfToken={p.csrfToken} viewer={p.viewer}>
      <h1>Audit log</h1>
      <p>
        Every moderation action, newest first. <a href="/admin/claims">Authorship claims</a>
      </p>
      <table>
        <thead>
          <tr>
            <th>When (UTC)</th>
            <th>Who</th>
            <th>Action</th>
            <th>Target</th>
            <th>Reason</th>
          </tr>
        </thead>
        <tbody>
          {p.entries.map((e) => (
            <tr>
              <td>{when(e.at)}</td>
              <td>{e.actorName ?? 'system'}</td>
              <td>{e.action}</td>
              <td>{e.target}</td>
              <td>{e.reason ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>,
  );
}

export function renderClaimsPage(p: { csrfToken: string; viewer: Viewer; claims: PendingClaim[] }): string {
  return renderPage(
    <Layout title="Authorship claims" csrfToken={p.csrfToken} viewer={p.viewer}>
      <h1>Authorship claims</h1>
      {p.claims.length === 0 ? <p class="muted">No claims are waiting.</p> : null}
      <ul>
        {p.claims.map((c) => (
          <li>
            <a href={`/u/${encodeURIComponent(c.userName)}`}>{c.userName}</a> claims <a href={`/papers/${c.paperId}`}>{c.title}</a>{' '}
            <form method="post" action="/admin/claims/approve" class="inline">
              <input type="hidden" name="_csrf" value={p.csrfToken} />
              <input type="hidden" name="paper" value={c.paperId} />
              <input type="hidden" name="member" value={c.userName} />
              <button type="submit">Approve</button>
            </form>
          </li>
        ))}
      </ul>
    </Layout>,
  );
}
