// Friendly error pages: what went wrong in one sentence and where to go next, never a stack trace.
import type { Child } from 'hono/jsx';
import { Layout, renderPage } from '../components/layout.tsx';
import type { Viewer } from '../context.ts';

export function renderErrorPage(opts: { status: number; message: string; csrfToken: string; viewer: Viewer | null; title?: string; actions?: Child }): string {
  const title = opts.title ?? (opts.status === 404 ? 'Page not found' : opts.status < 500 ? 'That request did not work' : 'Something went wrong');
  return renderPage(
    <Layout title={title} csrfToken={opts.csrfToken} viewer={opts.viewer}>
      <h1>{title}</h1>
      <p>{opts.message}</p>
      {opts.actions ? <p class="error-actions">{opts.actions}</p> : null}
      <p>
        Try the <a href="/">trending papers</a>, the latest <a href="/papers">daily papers</a>, or search above.
      </p>
    </Layout>,
  );
}
