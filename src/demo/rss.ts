/**
 * Renders one replay feed as RSS 2.0, the way the publishers' own feeds look: a wire or government feed
 * lists its items plainly; an aggregator (Google News' shape) appends " - Publisher" to each title and
 * names the publisher in `<source>`, which the pipeline takes as the item's source. Pure: the items and
 * the server's origin in, the XML text out.
 */
import { escapeXml as xml } from '../text/escape-xml.js';
import type { ReplayFeed, ReplayItem } from './replay.js';

/** A link that the demo's own server answers: not the publisher's URL, which the replay does not claim. */
export function storyLink(origin: string, item: ReplayItem): string {
  return `${origin}/story/${item.key}`;
}

/** The title as the feed shows it. */
export function feedTitle(feed: ReplayFeed, item: ReplayItem): string {
  return feed.aggregator && item.publisher ? `${item.title} - ${item.publisher}` : item.title;
}

function renderItem(feed: ReplayFeed, item: ReplayItem, origin: string): string {
  const source = feed.aggregator && item.publisher ? `\n      <source>${xml(item.publisher)}</source>` : '';
  return `    <item>
      <title>${xml(feedTitle(feed, item))}</title>
      <link>${xml(storyLink(origin, item))}</link>
      <guid isPermaLink="false">${xml(`${feed.id}-${item.key}`)}</guid>
      <pubDate>${new Date(item.published).toUTCString()}</pubDate>
      <description>${xml(item.summary)}</description>${source}
    </item>`;
}

/** `items` newest first, as itemsAsOf lists them. */
export function renderRss(feed: ReplayFeed, items: readonly ReplayItem[], origin: string): string {
  const built = items[0]
    ? `\n    <lastBuildDate>${new Date(items[0].published).toUTCString()}</lastBuildDate>`
    : '';
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
  <channel>
    <title>${xml(feed.title)}</title>
    <link>${xml(`${origin}${feed.path}`)}</link>
    <description>${xml(`${feed.source}, replayed by the policy-watch demo`)}</description>
    <language>${xml(feed.language)}</language>${built}
${items.map((item) => renderItem(feed, item, origin)).join('\n')}
  </channel>
</rss>
`;
}
