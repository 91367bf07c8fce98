// A paper with its community block (upvote, discussion). Stands in until the full paper page lands.
import { Layout, renderPage } from '../components/layout.tsx';
import type { Viewer } from '../context.ts';
import type { Paper } from '../../model.ts';
import type { PaperCommunityView } from '../../community/paper-view.ts';
import { PaperCommunity } from '../components/paper-community.tsx';

export function renderCommunityPaperPage(p: { csrfToken: string; viewer: Viewer | null; paper: Paper; view: PaperCommunityView }): string {
  const { paper, view } = p;
  const code = view.codeUrl ? [view.codeUrl] : paper.codeUrls;
  const project = view.projectUrl ? [view.projectUrl] : paper.projectUrls;
  return renderPage(
    <Layout title={paper.title} csrfToken={p.csrfToken} viewer={p.viewer}>
      <article>
        <h1>{paper.title}</h1>
        <p class="meta">
          <span>{paper.authors.join(', ')}</span>
          <a href={`https://arxiv.org/abs/${paper.id}`}>arXiv:{paper.id}</a>
          {paper.daily?.submittedBy ? <span>Submitted by {paper.daily.submittedBy}</span> : null}
          {code.map((u) => (
            <a href={u} rel="nofollow">Code</a>
          ))}
          {project.map((u) => (
            <a href={u} rel="nofollow">Project page</a>
          ))}
        </p>
        {view.hidden ? <p class="notice">This paper is hidden from listings.</p> : null}
        <p class="abstract">{paper.abstract}</p>
      </article>
      <PaperCommunity view={view} viewer={p.viewer} csrfToken={p.csrfToken} />
    </Layout>,
  );
}
