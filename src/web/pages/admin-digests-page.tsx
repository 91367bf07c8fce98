// /admin/digests: subscribers by state, recent runs with their outbox counts, failures and suppressions.
import { Layout, renderPage } from '../components/layout.tsx';
import type { Viewer } from '../context.ts';
import type { OutboxProblem, RunSummary } from '../../store/digests.ts';
import type { SuppressionRow } from '../../store/subscribers.ts';
import type { OutboxMailProblem } from '../../store/mail-outbox.ts';

export interface AdminDigestsData {
  subscribers: { state: string; frequency: string; count: number }[];
  runs: RunSummary[];
  problems: OutboxProblem[];
  suppressions: SuppressionRow[];
  suppressionCount: number;
  /** The transactional-mail outbox (confirmations, sign-in links): rows by state, and its problems. */
  mailCounts: Record<string, number>;
  mailProblems: OutboxMailProblem[];
}

const iso = (ms: number | null) => (ms ? new Date(ms).toISOString().replace('T', ' ').slice(0, 16) : '');
const STATES = ['sent', 'pending', 'empty', 'skipped', 'suppressed', 'failed'];
const MAIL_STATES = ['pending', 'sent', 'failed', 'suppressed', 'expired'];

export function renderAdminDigestsPage(opts: { csrfToken: string; viewer: Viewer | null; data: AdminDigestsData }): string {
  const { data } = opts;
  const total = (state: string) => data.subscribers.filter((s) => s.state === state).reduce((n, s) => n + s.count, 0);
  return renderPage(
    <Layout title="Digests" csrfToken={opts.csrfToken} viewer={opts.viewer}>
      <h1>Email digests</h1>
      <h2>Subscribers</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">State</th>
            <th scope="col">Daily</th>
            <th scope="col">Weekly</th>
            <th scope="col">All</th>
          </tr>
        </thead>
        <tbody>
          {['confirmed', 'pending', 'unsubscribed'].map((state) => (
            <tr>
              <th scope="row">{state}</th>
              <td>{data.subscribers.find((s) => s.state === state && s.frequency === 'daily')?.count ?? 0}</td>
              <td>{data.subscribers.find((s) => s.state === state && s.frequency === 'weekly')?.count ?? 0}</td>
              <td>{total(state)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>Suppressed addresses: {data.suppressionCount}</p>
      <h2>Recent runs</h2>
      {data.runs.length === 0 ? <p class="muted">No digest has run yet.</p> : null}
      <table>
        <thead>
          <tr>
            <th scope="col">Due</th>
            <th scope="col">Period</th>
            <th scope="col">Papers featured</th>
            <th scope="col">State</th>
            {STATES.map((s) => (
              <th scope="col">{s}</th>
            ))}
            <th scope="col">Finished</th>
          </tr>
        </thead>
        <tbody>
          {data.runs.map((r) => (
            <tr>
              <td>{r.dueOn}</td>
              <td>{r.period}</td>
              <td>
                {r.windowFrom} – {r.windowTo}
              </td>
              <td>{r.state}</td>
              {STATES.map((s) => (
                <td>{r.counts[s] ?? 0}</td>
              ))}
              <td>{iso(r.finishedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Failures and retries</h2>
      {data.problems.length === 0 ? <p class="muted">None.</p> : null}
      <table>
        <tbody>
          {data.problems.map((p) => (
            <tr>
              <td>
                {p.period} {p.dueOn}
              </td>
              <td>{p.email}</td>
              <td>{p.state === 'pending' ? `retry at ${iso(p.nextAttemptAt)}` : p.state}</td>
              <td>{p.attempts} attempts</td>
              <td>{p.smtpCode ?? ''}</td>
              <td>{p.lastError ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Confirmations and sign-in links</h2>
      <p class="muted">Queued by requests and delivered by the outbox senders, retried after 4xx replies and refused connections.</p>
      <table>
        <thead>
          <tr>
            {MAIL_STATES.map((s) => (
              <th scope="col">{s}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr>
            {MAIL_STATES.map((s) => (
              <td>{data.mailCounts[s] ?? 0}</td>
            ))}
          </tr>
        </tbody>
      </table>
      {data.mailProblems.length === 0 ? <p class="muted">No failures or retries.</p> : null}
      <table>
        <tbody>
          {data.mailProblems.map((p) => (
            <tr>
              <td>{p.kind}</td>
              <td>{p.to}</td>
              <td>{p.state === 'pending' ? `retry at ${iso(p.nextAttemptAt)}` : p.state}</td>
              <td>{p.attempts} attempts</td>
              <td>{p.smtpCode ?? ''}</td>
              <td>{p.lastError ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Suppressions</h2>
      {data.suppressions.length === 0 ? <p class="muted">None.</p> : null}
      <table>
        <tbody>
          {data.suppressions.map((s) => (
            <tr>
              <td>{s.email}</td>
              <td>{s.smtp_code ?? ''}</td>
              <td>{s.reason}</td>
              <td>{iso(Number(s.created_at))}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>,
  );
}
