// /admin/jobs: every scheduled job (harvests, star refreshes, trending, digests) with its last run,
// outcome, next run and failures, and the catalog's freshness: is the service alive?
import { Layout, renderPage } from '../components/layout.tsx';
import type { Viewer } from '../context.ts';
import { relativeTime, type ServiceStatus } from '../../jobs/status.ts';

const when = (ms: number | null) => (ms === null ? '' : new Date(ms).toISOString().slice(0, 16).replace('T', ' '));
const every = (ms: number) => (ms === 0 ? 'off' : ms % 3_600_000 === 0 ? `every ${ms / 3_600_000} h` : `every ${Math.round(ms / 60_000)} min`);

export function renderAdminJobsPage(p: { csrfToken: string; viewer: Viewer; status: ServiceStatus; now: number }): string {
  const { status, now } = p;
  return renderPage(
    <Layout title="Jobs and sources" csrfToken={p.csrfToken} viewer={p.viewer}>
      <h1>Jobs and sources</h1>
      <p>
        The catalog holds {status.catalog.papers.toLocaleString('en-US')} papers, last updated{' '}
        <time datetime={status.catalog.lastUpdatedAt ? new Date(status.catalog.lastUpdatedAt).toISOString() : undefined}>
          {relativeTime(status.catalog.lastUpdatedAt, now)}
        </time>
        . Times are UTC. <a href="/admin/digests">Digests</a> · <a href="/admin/audit">Audit log</a>
      </p>
      <table class="jobs">
        <thead>
          <tr>
            <th>Job</th>
            <th>Schedule</th>
            <th>State</th>
            <th>Last success</th>
            <th>Next run</th>
            <th>Last outcome</th>
          </tr>
        </thead>
        <tbody>
          {status.jobs.map((j) => (
            <tr class={`job-${j.state}`}>
              <td>
                {j.title}
                <br />
                <code>{j.name}</code>
              </td>
              <td>{every(j.everyMs)}</td>
              <td>{j.state === 'failing' ? `failing, ${j.failures} in a row` : j.state === 'running' ? `running on ${j.runningOn}` : j.state}</td>
              <td>
                {when(j.lastOkAt)} {j.lastOkAt ? `(${relativeTime(j.lastOkAt, now)})` : 'never'}
              </td>
              <td>{j.nextRunAt ? `${when(j.nextRunAt)} (${relativeTime(j.nextRunAt, now)})` : ''}</td>
              <td>{j.lastError ? <strong>{j.lastError}</strong> : j.lastResult ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {status.failedOneOffs.length > 0 && (
        <>
          <h2>Jobs that gave up</h2>
          <ul>
            {status.failedOneOffs.map((f) => (
              <li>
                {when(f.done_at)} <code>{f.name}</code> #{f.id} after {f.attempts} attempts: {f.last_error}
              </li>
            ))}
          </ul>
        </>
      )}
    </Layout>,
  );
}
