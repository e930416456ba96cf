/**
 * Real published stories (test/fixtures/eval/stories.jsonl: 600 headlines and summaries, 400 of them about
 * the tracked claims) served as RSS by the replay's feed server (src/replay/feed-server.ts, 127.0.0.1:0), for pipeline tests that need a
 * lot of matching news: four aggregator feeds (each item names its publisher), one of weight 2, and some
 * stories in two feeds — the same link syndicated, or the same headline and publisher under another link.
 *
 * Which stories a feed lists is up to the test (`show`), so one news flow can be revealed at once, poll by
 * poll, or day by day. Every story is published on one of ten days (`dayOf`), at noon UTC.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type FeedServer, startFeedServer } from '../../src/replay/feed-server.js';
import { renderRss } from '../../src/replay/rss.js';
import { REPO_ROOT } from './news-replay.js';

export interface Story {
  id: string;
  headline: string;
  summary?: string;
  source: string;
  url: string;
  labels: { claim: string }[];
}

export interface StoryFeed {
  id: string;
  weight: number;
}

export const STORY_FEEDS: readonly StoryFeed[] = [
  { id: 'news-a', weight: 1 },
  { id: 'news-b', weight: 1 },
  { id: 'news-c', weight: 2 },
  { id: 'news-d', weight: 1 },
];

export const STORIES: readonly Story[] = readFileSync(
  path.join(REPO_ROOT, 'test/fixtures/eval/stories.jsonl'),
  'utf8',
)
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as Story);

/** The first of the ten news days; story i is published on day (i mod 10) + 1 at 12:00 UTC. */
export const FIRST_DAY = Date.parse('2025-06-10T00:00:00.000Z');
export const DAY_MS = 86_400_000;

export function dayOf(index: number): number {
  return (index % 10) + 1;
}

export function publishedOf(index: number): string {
  return new Date(FIRST_DAY + (dayOf(index) - 1) * DAY_MS + 12 * 3_600_000).toISOString();
}

/** One listing of a story in a feed. */
interface Listing {
  index: number;
  link: string;
}

/**
 * Story i is in feed i mod 4; every 7th also in the next feed under the same link (syndicated); every
 * 11th also in the feed after that under another link with the same headline and publisher.
 */
function listingsOf(feedIndex: number): Listing[] {
  const out: Listing[] = [];
  STORIES.forEach((story, index) => {
    const home = index % STORY_FEEDS.length;
    if (home === feedIndex) out.push({ index, link: story.url });
    if (index % 7 === 0 && (home + 1) % STORY_FEEDS.length === feedIndex)
      out.push({ index, link: story.url });
    if (index % 11 === 0 && (home + 2) % STORY_FEEDS.length === feedIndex) {
      out.push({ index, link: `${story.url}${story.url.includes('?') ? '&' : '?'}copy=mirror` });
    }
  });
  return out;
}

function rss(feed: StoryFeed, listings: readonly Listing[]): string {
  return renderRss({
    title: feed.id,
    link: `https://example.test/${feed.id}`,
    description: 'stories',
    items: listings.map(({ index, link }) => {
      const story = STORIES[index] as Story;
      return {
        title: story.headline,
        link,
        guid: `${story.id}@${link}`,
        published: publishedOf(index),
        description: story.summary,
        source: { name: story.source, url: 'https://publisher.example/' },
      };
    }),
  });
}

export interface StoryServer {
  server: FeedServer;
  feedUrl(feedId: string): string;
  /** From now on every feed lists exactly the stories whose index passes `visible`. */
  show(visible: (index: number) => boolean): void;
  /** feeds.yaml for these feeds, every one an aggregator polled every 15 minutes. */
  feedsYaml(): string;
  close(): Promise<void>;
}

export async function startStoryServer(): Promise<StoryServer> {
  let visible: (index: number) => boolean = () => false;
  const server = await startFeedServer({
    feeds: STORY_FEEDS.map((feed, i) => {
      const listings = listingsOf(i);
      return {
        key: feed.id,
        path: `/${feed.id}.rss`,
        type: 'application/rss+xml',
        render: () =>
          rss(
            feed,
            listings.filter(({ index }) => visible(index)),
          ),
      };
    }),
    // Every poll fetches: the tests compare what the pipeline makes of the same news read many ways.
    conditional: false,
  });
  return {
    server,
    feedUrl: server.feedUrl,
    show: (predicate) => {
      visible = predicate;
    },
    feedsYaml: () =>
      [
        'defaults:',
        '  schedule: "*/15 * * * *"',
        'feeds:',
        ...STORY_FEEDS.flatMap((feed) => [
          `  - id: ${feed.id}`,
          `    url: "${server.feedUrl(feed.id)}"`,
          `    source: ${feed.id}`,
          `    weight: ${feed.weight}`,
          '    aggregator: true',
        ]),
        '',
      ].join('\n'),
    close: () => server.close(),
  };
}
