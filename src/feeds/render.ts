// Renders one feed as RSS 2.0, Atom 1.0 or JSON Feed 1.1. Every text goes through XML escaping
// (or JSON encoding); only http(s) links are emitted.
import { safeJsonStringify } from '../api/json.ts';

export interface FeedItem {
  /** Permanent absolute URL of the paper's page: also its id. */
  url: string;
  title: string;
  /** Plain text (the abstract): escaped, never interpreted as HTML. */
  summary: string;
  authors: string[];
  /** Epoch ms of publication or featuring. */
  date: number;
  categories: string[];
  /** Extra links (code, PDF), http(s) only. */
  externalUrl?: string | null;
}

export interface Feed {
  title: string;
  description: string;
  /** Absolute URL of the page this feed follows. */
  homeUrl: string;
  /** Absolute URL of this feed (per format). */
  feedUrl: string;
  /** Epoch ms: the newest item's date, or now for an empty feed. */
  updated: number;
  items: FeedItem[];
}

export type FeedFormat = 'rss' | 'atom' | 'json';

export const FEED_CONTENT_TYPES: Record<FeedFormat, string> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
};

/** Characters XML 1.0 forbids (control characters other than tab/newline/CR), which would make a reader reject the whole feed. */
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function xmlEscape(s: string): string {
  return s
    .replace(XML_INVALID, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/**
 * RSS readers render `<description>` as HTML, so escaping it once for XML hands them the markup an
 * imported abstract carries (`<img onerror>`). The text is escaped as HTML and wrapped in CDATA:
 * the XML carries the escaped text verbatim, the reader shows it literally. HTML escaping removes
 * every `>`, so the text can never close the CDATA section early.
 */
export function rssHtmlText(s: string): string {
  const html = s
    .replace(XML_INVALID, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
  return `<![CDATA[${html}]]>`;
}

export function renderFeed(feed: Feed, format: FeedFormat): string {
  return format === 'rss' ? renderRss(feed) : format === 'atom' ? renderAtom(feed) : renderJsonFeed(feed);
}

export function renderRss(feed: Feed): string {
  const e = xmlEscape;
  const items = feed.items.map(
    (i) => `    <item>
      <title>${e(i.title)}</title>
      <link>${e(i.url)}</link>
      <guid isPermaLink="true">${e(i.url)}</guid>
      <pubDate>${new Date(i.date).toUTCString()}</pubDate>
      ${i.authors.length ? `<dc:creator>${e(i.authors.join(', '))}</dc:creator>` : ''}
      ${i.categories.map((c) => `<category>${e(c)}</category>`).join('')}
      <description>${rssHtmlText(i.summary)}</description>
    </item>`,
  );
  return `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>${e(feed.title)}</title>
    <link>${e(feed.homeUrl)}</link>
    <description>${rssHtmlText(feed.description)}</description>
    <atom:link href="${e(feed.feedUrl)}" rel="self" type="application/rss+xml"/>
    <lastBuildDate>${new Date(feed.updated).toUTCString()}</lastBuildDate>
    <generator>Paperboy</generator>
${items.join('\n')}
  </channel>
</rss>
`;
}

export function renderAtom(feed: Feed): string {
  const e = xmlEscape;
  const entries = feed.items.map(
    (i) => `  <entry>
    <title type="text">${e(i.title)}</title>
    <id>${e(i.url)}</id>
    <link rel="alternate" type="text/html" href="${e(i.url)}"/>
    ${i.externalUrl ? `<link rel="related" href="${e(i.externalUrl)}"/>` : ''}
    <updated>${new Date(i.date).toISOString()}</updated>
    ${(i.authors.length ? i.authors : ['Unknown']).map((a) => `<author><name>${e(a)}</name></author>`).join('')}
    ${i.categories.map((c) => `<category term="${e(c)}"/>`).join('')}
    <summary type="text">${e(i.summary)}</summary>
  </entry>`,
  );
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="text">${e(feed.title)}</title>
  <subtitle type="text">${e(feed.description)}</subtitle>
  <id>${e(feed.feedUrl)}</id>
  <link rel="self" type="application/atom+xml" href="${e(feed.feedUrl)}"/>
  <link rel="alternate" type="text/html" href="${e(feed.homeUrl)}"/>
  <updated>${new Date(feed.updated).toISOString()}</updated>
  <generator>Paperboy</generator>
${entries.join('\n')}
</feed>
`;
}

export function renderJsonFeed(feed: Feed): string {
  return safeJsonStringify({
    version: 'https://jsonfeed.org/version/1.1',
    title: feed.title,
    description: feed.description,
    home_page_url: feed.homeUrl,
    feed_url: feed.feedUrl,
    language: 'en',
    items: feed.items.map((i) => ({
      id: i.url,
      url: i.url,
      ...(i.externalUrl ? { external_url: i.externalUrl } : {}),
      title: i.title,
      content_text: i.summary,
      date_published: new Date(i.date).toISOString(),
      authors: i.authors.map((name) => ({ name })),
      tags: i.categories,
    })),
  });
}
