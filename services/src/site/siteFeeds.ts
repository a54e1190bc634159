import { Feed } from 'feed';
import { escapeHtml } from './html';
import type { ArticleItem } from './siteContent';
import { articlePath } from './siteFormat';

export const FEED_ITEMS = 20;

export interface FeedInput {
  baseUrl: string;
  siteName: string;
  /** The channel's name for a channel feed. */
  channelName?: string;
  /** Path of the page the feed follows ('/' or '/channels/<slug>'). */
  pagePath: string;
  /** Path prefix of the feed files ('' or '/channels/<slug>'). */
  feedPrefix: string;
  items: readonly ArticleItem[];
}

/**
 * The one way user text (titles, summaries, place names) enters a feed. The `feed` library writes an item's title and
 * description as CDATA that readers take as HTML (Atom says `type="html"`), so the text is escaped as HTML: a reader
 * shows `<script>` as those characters and never runs it, and no text can close the CDATA section (`]]>`).
 */
export function feedText(text: string): string {
  return escapeHtml(text);
}

/** RSS 2.0 or Atom 1.0 of a node or one of its channels (the `feed` library writes and escapes the XML). */
export function renderFeed(input: FeedInput, format: 'rss' | 'atom'): string {
  const title = input.channelName ? `${input.channelName} - ${input.siteName}` : input.siteName;
  const newest = input.items[0]?.publishedAt;
  const feed = new Feed({
    id: `${input.baseUrl}${input.pagePath}`,
    title,
    description: `${title}最新信息`,
    link: `${input.baseUrl}${input.pagePath}`,
    language: 'zh-CN',
    updated: newest ? new Date(newest) : new Date(0),
    generator: '党建网群',
    copyright: input.siteName,
    feedLinks: { rss: `${input.baseUrl}${input.feedPrefix}/feed.xml`, atom: `${input.baseUrl}${input.feedPrefix}/atom.xml` },
  });
  for (const item of input.items) {
    const link = `${input.baseUrl}${articlePath(item.id)}`;
    const date = item.publishedAt ? new Date(item.publishedAt) : new Date(0);
    feed.addItem({
      title: feedText(item.title),
      id: link,
      link,
      date,
      published: date,
      description: feedText(
        [item.summary ?? '', item.provenance.length > 0 ? `来源：${item.provenance.join(' → ')}` : ''].filter(Boolean).join(' '),
      ),
    });
  }
  return format === 'rss' ? feed.rss2() : feed.atom1();
}
