/**
 * The replay's feeds as the demo serves them (src/replay/feed-server.ts): RSS 2.0 of the items a feed
 * lists at the simulated clock's `now`, each linking to a short text page the same server answers
 * (`/story/<key>`). An aggregator's items carry the publisher in `<source>` and append it to the title, as
 * Google News does, which the pipeline takes as the item's source.
 */
import type { ServedFeed } from '../replay/feed-server.js';
import { renderRss as renderChannel } from '../replay/rss.js';
import { itemsAsOf, type Replay, type ReplayFeed, type ReplayItem } from './replay.js';

const STORY_PATH = /^\/story\/(item-\d+)$/;

/** A link that the demo's own server answers: not the publisher's URL, which the replay does not claim. */
export function storyLink(origin: string, item: ReplayItem): string {
  return `${origin}/story/${item.key}`;
}

/** The title as the feed shows it. */
export function feedTitle(feed: ReplayFeed, item: ReplayItem): string {
  return feed.aggregator && item.publisher ? `${item.title} - ${item.publisher}` : item.title;
}

/** `items` newest first, as itemsAsOf lists them. Pure: the items and the server's origin in, XML out. */
export function renderRss(feed: ReplayFeed, items: readonly ReplayItem[], origin: string): string {
  return renderChannel({
    title: feed.title,
    link: `${origin}${feed.path}`,
    description: `${feed.source}, replayed by the policy-watch demo`,
    language: feed.language,
    built: items[0]?.published,
    items: items.map((item) => ({
      title: feedTitle(feed, item),
      link: storyLink(origin, item),
      guid: `${feed.id}-${item.key}`,
      published: item.published,
      description: item.summary,
      source: feed.aggregator && item.publisher ? { name: item.publisher } : undefined,
    })),
  });
}

/** Every replay feed, listing what it lists at `now()`. */
export function servedFeeds(replay: Replay, now: () => Date): ServedFeed[] {
  return replay.feeds.map((feed) => ({
    key: feed.id,
    path: feed.path,
    type: 'application/rss+xml',
    render: (origin) => renderRss(feed, itemsAsOf(replay, feed.id, now()), origin),
  }));
}

/** The text page behind a story link, or undefined for any other path. */
export function storyPage(replay: Replay, pathname: string): string | undefined {
  const key = STORY_PATH.exec(pathname)?.[1];
  const item = key ? replay.items.find((candidate) => candidate.key === key) : undefined;
  if (!item) return undefined;
  return `${item.title}\n${item.publisher ?? item.feed}, ${item.published}\n\n${item.summary}\n\n(Replayed by the policy-watch demo, written in our own words.)\n`;
}
