// The frame of every page: head, header with navigation and search, the subscribe prompt, footer.
import type { Child } from 'hono/jsx';
import { raw } from 'hono/html';
import { randomBytes } from 'node:crypto';
import type { Viewer } from '../context.ts';

export interface LayoutProps {
  title: string;
  /** Absolute canonical URL of the page (PUBLIC_URL based). */
  canonical?: string;
  description?: string;
  csrfToken: string;
  viewer: Viewer | null;
  /** Feeds of this page, advertised to feed readers with <link rel="alternate">. */
  feeds?: { title: string; href: string; type: 'rss' | 'atom' | 'json' }[];
  /** The search box's current query, so the search page shows what was asked. */
  query?: string;
  /** Which main navigation entry this page belongs to (marked aria-current). */
  current?: 'trending' | 'daily' | 'search' | 'about' | 'submit' | 'for-you';
  /** This page's path and query: where sign-in and the view switch come back to. */
  here?: string;
  /** Absolute URL of the picture link previews show (the paper's figure). */
  image?: string;
  /** When any paper last changed (shown in the footer: is this site alive?). */
  catalogUpdatedAt?: number | null;
  children?: Child;
}

const FEED_TYPES = { rss: 'application/rss+xml', atom: 'application/atom+xml', json: 'application/feed+json' };

/**
 * The frame rendered once per set of props (title, links, viewer, …) and kept, split where the page
 * and the CSRF token go: each page then renders only its own content. The frame is a pure function
 * of its props, so a kept one is the same text; rendering its 60-odd elements was a tenth of an
 * uncached page's CPU. Bounded; the least recently made frames go first.
 */
const frames = new Map<string, readonly string[]>();
const MAX_FRAMES = 1000;
// Random per process: no page text can contain the marks by accident or design.
const nonce = randomBytes(9).toString('base64url').replace(/[-_]/g, 'x');
const FRAME_MARK = new RegExp(`pbframe${nonce}(b|c)`);

export function Layout(props: LayoutProps) {
  const { children, csrfToken, ...rest } = props;
  const key = JSON.stringify(rest);
  let parts = frames.get(key);
  if (!parts) {
    parts = String(LayoutFrame({ ...rest, csrfToken: `pbframe${nonce}c`, children: raw(`pbframe${nonce}b`) })).split(FRAME_MARK);
    frames.set(key, parts);
    if (frames.size > MAX_FRAMES) frames.delete(frames.keys().next().value!);
  }
  // The token is escaped as text here, as it was as an attribute (the same five characters).
  return <>{parts.map((part, i) => (i % 2 === 0 ? raw(part) : part === 'b' ? children : csrfToken))}</>;
}

function LayoutFrame(props: LayoutProps) {
  const { viewer } = props;
  const here = (name: LayoutProps['current']) => (props.current === name ? 'page' : undefined);
  const title = props.title === 'Paperboy' ? 'Paperboy' : `${props.title} · Paperboy`;
  const signIn = `/signin${props.here && props.here !== '/' && !props.here.startsWith('/signin') ? `?next=${encodeURIComponent(props.here)}` : ''}`;
  const links = (
    <>
      <a href="/" aria-current={here('trending')}>Trending</a>
      <a href="/papers" aria-current={here('daily')}>Daily papers</a>
      <a href="/search" aria-current={here('search')}>Search</a>
      <a href="/about" aria-current={here('about')}>About</a>
      {viewer ? <a href="/for-you" aria-current={here('for-you')}>For you</a> : null}
      {viewer ? <a href="/submit" aria-current={here('submit')}>Submit</a> : null}
    </>
  );
  const account = viewer ? (
    <>
      <a href="/settings">Settings</a>
      <a href={`/u/${encodeURIComponent(viewer.name)}`}>{viewer.name}</a>
      <form method="post" action="/signout" class="inline">
        <input type="hidden" name="_csrf" value={props.csrfToken} />
        <button type="submit" class="link">Sign out</button>
      </form>
    </>
  ) : (
    <a href={signIn}>Sign in</a>
  );
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <title>{title}</title>
        {props.description ? <meta name="description" content={props.description} /> : null}
        {props.canonical ? <link rel="canonical" href={props.canonical} /> : null}
        {(props.feeds ?? []).map((f) => (
          <link rel="alternate" type={FEED_TYPES[f.type]} title={f.title} href={f.href} />
        ))}
        <link rel="icon" href="/static/icon.svg" type="image/svg+xml" />
        <link rel="icon" href="/favicon.ico" sizes="32x32" />
        <link rel="apple-touch-icon" href="/static/icon-192.png" />
        <link rel="manifest" href="/manifest.webmanifest" />
        <meta name="theme-color" content="#0b57d0" />
        {/* Link previews in chat and social apps: the paper's figure when there is one. */}
        <meta property="og:site_name" content="Paperboy" />
        <meta property="og:type" content={props.image ? 'article' : 'website'} />
        <meta property="og:title" content={props.title} />
        {props.description ? <meta property="og:description" content={props.description} /> : null}
        {props.canonical ? <meta property="og:url" content={props.canonical} /> : null}
        {props.image ? <meta property="og:image" content={props.image} /> : null}
        {props.image ? <meta property="og:image:width" content="640" /> : null}
        {props.image ? <meta property="og:image:height" content="360" /> : null}
        <meta name="twitter:card" content={props.image ? 'summary_large_image' : 'summary'} />
        <meta name="twitter:title" content={props.title} />
        {props.description ? <meta name="twitter:description" content={props.description} /> : null}
        {props.image ? <meta name="twitter:image" content={props.image} /> : null}
        <link rel="stylesheet" href="/static/app.css" />
        <script src="/static/app.js" defer></script>
      </head>
      <body>
        <a class="skip" href="#main">Skip to content</a>
        <header class="site">
          <a class="brand" href="/">
            <img src="/static/icon.svg" alt="" width={24} height={24} />
            <span>Paperboy</span>
          </a>
          <nav class="main-nav" aria-label="Main">
            {links}
          </nav>
          <form class="search" role="search" action="/search" method="get" data-instant-search>
            <label class="visually-hidden" for="site-search">Search papers</label>
            <input id="site-search" type="search" name="q" value={props.query ?? ''} placeholder="Search papers ( / )" autocomplete="off" aria-keyshortcuts="/" />
          </form>
          <div class="account">
            {account}
            <button type="button" class="theme-toggle link" data-theme-toggle hidden>
              Theme: <span data-theme-state>auto</span>
            </button>
          </div>
          {/* Phones: the same links folded into one menu, which opens without JavaScript. */}
          <details class="menu">
            <summary>Menu</summary>
            <nav aria-label="Menu">
              {links}
              {account}
              <button type="button" class="theme-toggle link" data-theme-toggle hidden>
                Theme: <span data-theme-state>auto</span>
              </button>
            </nav>
          </details>
        </header>
        <main id="main">{props.children}</main>
        <aside class="subscribe" aria-labelledby="subscribe-title">
          <h2 id="subscribe-title">Get trending papers in your email inbox!</h2>
          <form method="post" action="/subscribe">
            <input type="hidden" name="_csrf" value={props.csrfToken} />
            <label class="visually-hidden" for="subscribe-email">Email address</label>
            <input id="subscribe-email" type="email" name="email" required autocomplete="email" placeholder="you@example.org" />
            <button type="submit">Subscribe</button>
          </form>
        </aside>
        <footer class="site">
          <p>
            Curated by the research community. Feeds: <a href="/feeds/trending.rss">RSS</a> · <a href="/feeds/trending.atom">Atom</a> ·{' '}
            <a href="/feeds/trending.json">JSON</a> · <a href="/api/openapi.json">API</a> · <a href="/about">How trending works</a>
          </p>
          {props.catalogUpdatedAt ? (
            <p class="muted">
              Catalog updated{' '}
              <time datetime={new Date(props.catalogUpdatedAt).toISOString()}>
                {new Date(props.catalogUpdatedAt).toISOString().slice(0, 16).replace('T', ' ')} UTC
              </time>
              .
            </p>
          ) : null}
        </footer>
      </body>
    </html>
  );
}

/** Renders a full page to an HTML string with its doctype. */
export function renderPage(node: ReturnType<typeof Layout>): string {
  return '<!doctype html>' + String(node);
}
