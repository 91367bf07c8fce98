// `/authors/{name}`: one author's papers in the catalog, newest first, with paging and feeds.
import type { Child } from 'hono/jsx';
import type { Paper } from '../../model.ts';
import type { PageFrame } from '../context.ts';
import type { AuthorPapers } from '../../search/service.ts';
import { Layout, renderPage } from '../components/layout.tsx';
import { PaperList } from '../components/paper-row.tsx';
import { Pager } from '../components/pager.tsx';
import { authorPath } from '../components/author-links.tsx';

export interface AuthorPageProps extends PageFrame {
  author: AuthorPapers;
  page: number;
  pageSize: number;
  upvote?: (paper: Paper) => Child;
}

export function authorFeedPath(name: string, format: 'rss' | 'atom' | 'json'): string {
  return `/feeds/author/${encodeURIComponent(name)}.${format}`;
}

export function renderAuthorPage(props: AuthorPageProps): string {
  const { author, page, pageSize } = props;
  const path = authorPath(author.name);
  const n = author.total;
  return renderPage(
    <Layout
      title={author.name}
      canonical={`${props.publicUrl}${path}`}
      description={`Papers by ${author.name}.`}
      csrfToken={props.csrfToken}
      viewer={props.viewer}
      feeds={[
        { title: `${author.name} (RSS)`, href: authorFeedPath(author.name, 'rss'), type: 'rss' },
        { title: `${author.name} (Atom)`, href: authorFeedPath(author.name, 'atom'), type: 'atom' },
        { title: `${author.name} (JSON Feed)`, href: authorFeedPath(author.name, 'json'), type: 'json' },
      ]}
    >
      <h1>{author.name}</h1>
      <p class="muted">
        {n.toLocaleString('en-US')} paper{n === 1 ? '' : 's'} in the catalog, newest first. Follow:{' '}
        <a href={authorFeedPath(author.name, 'rss')}>RSS</a> · <a href={authorFeedPath(author.name, 'atom')}>Atom</a> ·{' '}
        <a href={authorFeedPath(author.name, 'json')}>JSON</a> · <a href={`/search?q=${encodeURIComponent(`author:"${author.name}"`)}`}>Search within</a>
      </p>
      <PaperList papers={author.papers} ranked firstRank={page * pageSize + 1} label={`Papers by ${author.name}`} upvote={props.upvote} />
      <Pager page={page} pageSize={pageSize} total={n} href={(p) => (p > 0 ? `${path}?p=${p}` : path)} />
    </Layout>,
  );
}
