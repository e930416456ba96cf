/**
 * RSS 2.0 as the replay's feed server serves it: a channel and its items, in the order given (newest
 * first, as a publisher lists them). `<lastBuildDate>`, `<language>`, an item's `<description>` and its
 * `<source>` (the publisher an aggregator names) appear only when given. Pure: values in, XML text out;
 * every text is escaped (escapeXml drops the characters XML forbids).
 */
import { escapeXml as xml } from '../text/escape-xml.js';

export interface RssItem {
  title: string;
  link: string;
  /** Written with isPermaLink="false": the replay's links are not the stories' identity. */
  guid: string;
  /** An instant (ISO 8601 or ms), written as RFC 822. */
  published: string | number;
  description?: string | undefined;
  /** The publisher an aggregator names, with its site when known. */
  source?: { name: string; url?: string | undefined } | undefined;
}

export interface RssChannel {
  title: string;
  link: string;
  description: string;
  language?: string | undefined;
  /** The instant of the last change (ISO 8601 or ms). */
  built?: string | number | undefined;
  items: readonly RssItem[];
}

function rfc822(at: string | number): string {
  return new Date(at).toUTCString();
}

function renderItem(item: RssItem): string {
  const description =
    item.description === undefined ? '' : `\n      <description>${xml(item.description)}</description>`;
  const site = item.source?.url === undefined ? '' : ` url="${xml(item.source.url)}"`;
  const source = item.source ? `\n      <source${site}>${xml(item.source.name)}</source>` : '';
  return `    <item>
      <title>${xml(item.title)}</title>
      <link>${xml(item.link)}</link>
      <guid isPermaLink="false">${xml(item.guid)}</guid>
      <pubDate>${rfc822(item.published)}</pubDate>${description}${source}
    </item>`;
}

export function renderRss(channel: RssChannel): string {
  const language =
    channel.language === undefined ? '' : `\n    <language>${xml(channel.language)}</language>`;
  const built =
    channel.built === undefined ? '' : `\n    <lastBuildDate>${rfc822(channel.built)}</lastBuildDate>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
  <channel>
    <title>${xml(channel.title)}</title>
    <link>${xml(channel.link)}</link>
    <description>${xml(channel.description)}</description>${language}${built}
${channel.items.map(renderItem).join('\n')}
  </channel>
</rss>
`;
}
