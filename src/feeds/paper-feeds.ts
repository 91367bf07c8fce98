// Builds the site's feeds (trending, daily, category, saved search) from the same lists as the pages.
import type { Paper } from '../model.ts';
import { safeHttpUrl } from '../safe-url.ts';
import type { Feed, FeedFormat, FeedItem } from './render.ts';

export function paperFeedItem(p: Paper, publicUrl: string): FeedItem {
  const featured = p.daily ? Date.parse(`${p.daily.featuredOn}T00:00:00Z`) : null;
  return {
    url: `${publicUrl}/papers/${p.id}`,
    title: p.title,
    summary: p.abstract,
    authors: p.authors,
    date: featured ?? p.publishedAt ?? p.createdAt,
    categories: p.categories,
    externalUrl: safeHttpUrl(p.codeUrls[0]),
  };
}

export interface FeedSpec {
  title: string;
  description: string;
  /** Site path of the matching page (`/`, `/papers`, `/search?q=…`). */
  homePath: string;
  /** Feed path without the extension (`/feeds/trending`), plus a query string if any. */
  feedPath: string;
  feedQuery?: string;
}

export function buildFeed(spec: FeedSpec, papers: Paper[], format: FeedFormat, publicUrl: string, now: number): Feed {
  const items = papers.map((p) => paperFeedItem(p, publicUrl));
  return {
    title: spec.title,
    description: spec.description,
    homeUrl: publicUrl + spec.homePath,
    feedUrl: `${publicUrl}${spec.feedPath}.${format}${spec.feedQuery ? `?${spec.feedQuery}` : ''}`,
    updated: items.reduce((max, i) => Math.max(max, i.date), 0) || now,
    items,
  };
}
