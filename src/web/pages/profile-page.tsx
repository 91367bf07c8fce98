// A member's public page: what they submitted, upvoted and authored.
import { Layout, renderPage } from '../components/layout.tsx';
import type { Viewer } from '../context.ts';
import type { User } from '../../store/users.ts';
import type { ProfilePaper } from '../../store/paper-community.ts';

function PaperList(props: { title: string; papers: ProfilePaper[]; empty: string }) {
  return (
    <section>
      <h2>{props.title}</h2>
      {props.papers.length === 0 ? <p class="muted">{props.empty}</p> : null}
      <ul>
        {props.papers.map((p) => (
          <li>
            <a href={`/papers/${p.id}`}>{p.title}</a> <small>{p.id}</small>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function renderProfilePage(p: {
  csrfToken: string;
  viewer: Viewer | null;
  member: User;
  submitted: ProfilePaper[];
  upvoted: ProfilePaper[];
  authored: ProfilePaper[];
}): string {
  const { member, viewer } = p;
  return renderPage(
    <Layout title={member.name} csrfToken={p.csrfToken} viewer={viewer}>
      <h1>{member.name}</h1>
      <p class="meta">
        <span>Member since {new Date(member.createdAt).toISOString().slice(0, 10)}</span>
        {member.role !== 'member' ? <span class="badge">{member.role}</span> : null}
        {member.bannedAt !== null ? <span class="badge">suspended</span> : null}
        {viewer?.id === member.id ? <a href="/settings">Settings and API tokens</a> : null}
      </p>
      {viewer?.role === 'admin' && viewer.id !== member.id ? (
        <form method="post" action={`/u/${encodeURIComponent(member.name)}/ban`}>
          <input type="hidden" name="_csrf" value={p.csrfToken} />
          <input type="hidden" name="banned" value={member.bannedAt === null ? '1' : '0'} />
          <label for="ban-reason">Reason</label> <input id="ban-reason" name="reason" />{' '}
          <button type="submit">{member.bannedAt === null ? 'Ban member' : 'Lift ban'}</button>
        </form>
      ) : null}
      <PaperList title="Submitted" papers={p.submitted} empty="No submissions yet." />
      <PaperList title="Upvoted" papers={p.upvoted} empty="No upvotes yet." />
      <PaperList title="Authored" papers={p.authored} empty="No claimed papers." />
    </Layout>,
  );
}
