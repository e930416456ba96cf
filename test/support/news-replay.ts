/**
 * A news day replay: the scripted news flow of test/fixtures/pipeline/news-days.json served as three feeds
 * by the replay's feed server (src/replay/feed-server.ts, 127.0.0.1:0), and a config directory
 * (config/claims.yaml + a feeds.yaml pointing at that server) for the runtime, the CLI and daemon child
 * processes.
 *
 * The feeds:
 * - wire        RSS 2.0, one publisher (`source: Reuters`);
 * - aggregator  RSS 2.0 in Google News' shape, each item naming its own publisher in `<source>`;
 * - gov         Atom, a government press feed with weight 2, configured for two claims only.
 *
 * What a feed lists is a function of the newsroom's clock (`now`): an item appears from its published
 * time on, so items accumulate as the replay's days advance; the feed server answers conditional GETs.
 * `shiftMs` moves every scripted time, so a run on the system clock (the CLI, the daemon) sees the news as
 * recent.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import type { Direction } from '../../src/match/types.js';
import { dayInstant as replayDayInstant } from '../../src/replay/clock.js';
import {
  type Intercept as FeedIntercept,
  type FeedServer,
  startFeedServer,
} from '../../src/replay/feed-server.js';
import { renderRss } from '../../src/replay/rss.js';
import { escapeXml as xml } from '../../src/text/escape-xml.js';

export type FeedRole = 'wire' | 'aggregator' | 'gov';

export interface ScriptItem {
  key: string;
  feed: FeedRole;
  /** Only on aggregator items: the publisher named in `<source>`. */
  publisher?: string;
  /** ISO 8601. */
  published: string;
  title: string;
  summary: string;
  link: string;
  /** claim id → the direction config/claims.yaml gives this item; {} for no match. */
  expect: Record<string, Direction>;
  note?: string;
}

export interface ScriptDay {
  day: number;
  /** YYYY-MM-DD */
  date: string;
  sweep?: boolean;
}

export interface NewsScript {
  days: ScriptDay[];
  items: ScriptItem[];
}

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export const NEWS_SCRIPT: NewsScript = JSON.parse(
  readFileSync(path.join(REPO_ROOT, 'test/fixtures/pipeline/news-days.json'), 'utf8'),
) as NewsScript;

/** The replay's clock stands at 18:00 UTC on each scripted day, after that day's news. */
export const NEWS_DAY_HOUR_UTC = 18;

export function dayInstant(day: ScriptDay): Date {
  return replayDayInstant(day, NEWS_DAY_HOUR_UTC);
}

export const LAST_DAY = NEWS_SCRIPT.days[NEWS_SCRIPT.days.length - 1] as ScriptDay;

export interface ReplayFeed {
  role: FeedRole;
  id: string;
  path: string;
  source: string;
  weight?: number;
  aggregator?: boolean;
  claims?: string[];
}

export const REPLAY_FEEDS: readonly ReplayFeed[] = [
  { role: 'wire', id: 'reuters-china', path: '/wire/china.rss', source: 'Reuters' },
  {
    role: 'aggregator',
    id: 'news-search',
    path: '/aggregator/rss/search',
    source: 'News Search',
    aggregator: true,
  },
  {
    role: 'gov',
    id: 'state-department',
    path: '/gov/press-releases.atom',
    source: 'US Department of State',
    weight: 2,
    claims: ['chinese-students', 'leader-visits'],
  },
];

export const FEED_IDS = REPLAY_FEEDS.map((feed) => feed.id);

export function feedOf(role: FeedRole): ReplayFeed {
  const feed = REPLAY_FEEDS.find((candidate) => candidate.role === role);
  if (!feed) throw new Error(`no replay feed for ${role}`);
  return feed;
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString();
}

interface Listed {
  item: ScriptItem;
  /** The scripted time plus the shift. */
  at: number;
}

function rssBody(feed: ReplayFeed, listed: Listed[]): string {
  return renderRss({
    title: `${feed.source}: US and China`,
    link: `https://${feed.role}.example/`,
    description: 'Replayed news for policy-watch tests',
    built: listed[0]?.at,
    items: listed.map(({ item, at }) => {
      const publisher = item.publisher ?? feed.source;
      return {
        // Google News appends " - Publisher" to each title and names the publisher in <source>.
        title: feed.aggregator ? `${item.title} - ${publisher}` : item.title,
        link: item.link,
        guid: `${feed.id}-${item.key}`,
        published: at,
        description: item.summary,
        source: feed.aggregator ? { name: publisher, url: `https://${new URL(item.link).host}` } : undefined,
      };
    }),
  });
}

function atomBody(feed: ReplayFeed, listed: Listed[]): string {
  const updated = listed[0]?.at ?? Date.parse('2025-01-01T00:00:00Z');
  const entries = listed.map(
    ({ item, at }) => `  <entry>
    <title>${xml(item.title)}</title>
    <link href="${xml(item.link)}"/>
    <id>tag:state.example,2025:${xml(item.key)}</id>
    <published>${isoDate(at)}</published>
    <updated>${isoDate(at)}</updated>
    <summary>${xml(item.summary)}</summary>
  </entry>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>${xml(feed.source)}: press releases</title>
  <id>tag:state.example,2025:press</id>
  <updated>${isoDate(updated)}</updated>
${entries.join('\n')}
</feed>
`;
}

export type Intercept = FeedIntercept<FeedRole>;

export interface NewsServerOptions {
  /** The newsroom's clock: an item is listed from its (shifted) published time on. */
  now: () => Date;
  /** Added to every scripted time. @defaultValue 0 */
  shiftMs?: number;
  /** Only these items exist (by key). @defaultValue all of them */
  keys?: readonly string[];
  /** Answers a request instead of the feed (a 500, a delay, a request held open until a worker is killed). */
  intercept?: Intercept;
}

export type NewsServer = FeedServer<FeedRole>;

/** The three feeds on the replay's feed server (src/replay/feed-server.ts). */
export function startNewsServer(options: NewsServerOptions): Promise<NewsServer> {
  const shift = options.shiftMs ?? 0;
  const wanted = options.keys ? new Set(options.keys) : undefined;
  const script = NEWS_SCRIPT.items.filter((item) => !wanted || wanted.has(item.key));
  const body = (feed: ReplayFeed): string => {
    const now = options.now().getTime();
    const listed = script
      .filter((item) => item.feed === feed.role)
      .map((item) => ({ item, at: Date.parse(item.published) + shift }))
      .filter(({ at }) => at <= now)
      .sort((a, b) => b.at - a.at);
    return feed.role === 'gov' ? atomBody(feed, listed) : rssBody(feed, listed);
  };
  return startFeedServer({
    feeds: REPLAY_FEEDS.map((feed) => ({
      key: feed.role,
      path: feed.path,
      type: feed.role === 'gov' ? 'application/atom+xml' : 'application/rss+xml',
      render: () => body(feed),
    })),
    intercept: options.intercept,
  });
}

export interface ReplayConfigOptions {
  /** Every feed's schedule. @defaultValue '*\/15 * * * *' */
  schedule?: string;
  /** @defaultValue 10_000 */
  timeoutMs?: number;
  /** The text of a webhooks.yaml to write beside the other files. @defaultValue none (no webhooks) */
  webhooks?: string;
  /**
   * Every claim's settle_seconds, for daemons on the system clock that should not wait a minute to derive.
   * @defaultValue the claims' own (60)
   */
  settleSeconds?: number;
}

/**
 * A temporary config directory: the real claims.yaml, a feeds.yaml for the replay server and, when given,
 * a webhooks.yaml.
 */
export function writeReplayConfig(server: NewsServer, options: ReplayConfigOptions = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'pw-replay-'));
  const claimsFile = path.join(REPO_ROOT, 'config/claims.yaml');
  if (options.settleSeconds === undefined) copyFileSync(claimsFile, path.join(dir, 'claims.yaml'));
  else {
    const claims = parseYaml(readFileSync(claimsFile, 'utf8')) as { claims: Record<string, unknown>[] };
    for (const claim of claims.claims) claim.settle_seconds = options.settleSeconds;
    writeFileSync(path.join(dir, 'claims.yaml'), stringifyYaml(claims));
  }
  const feeds = REPLAY_FEEDS.map((feed) =>
    [
      `  - id: ${feed.id}`,
      `    url: "${server.feedUrl(feed.role)}"`,
      `    source: ${JSON.stringify(feed.source)}`,
      feed.weight === undefined ? '' : `    weight: ${feed.weight}`,
      feed.aggregator ? '    aggregator: true' : '',
      feed.claims ? `    claims: [${feed.claims.join(', ')}]` : '',
    ]
      .filter(Boolean)
      .join('\n'),
  );
  const yaml = `defaults:
  schedule: "${options.schedule ?? '*/15 * * * *'}"
  timeout_ms: ${options.timeoutMs ?? 10_000}
feeds:
${feeds.join('\n')}
`;
  writeFileSync(path.join(dir, 'feeds.yaml'), yaml);
  if (options.webhooks !== undefined) writeFileSync(path.join(dir, 'webhooks.yaml'), options.webhooks);
  return dir;
}

/**
 * Rewrites a replay config dir's feeds.yaml with only the feeds of these roles, from the file
 * writeReplayConfig wrote (read before the first rewrite): a config edit, as an operator makes one.
 */
export function keepFeeds(dir: string, allFeeds: string, roles: readonly FeedRole[]): void {
  const file = parseYaml(allFeeds) as { feeds: { id: string }[] };
  const ids = new Set(roles.map((role) => feedOf(role).id));
  file.feeds = file.feeds.filter((feed) => ids.has(feed.id));
  writeFileSync(path.join(dir, 'feeds.yaml'), stringifyYaml(file));
}

export function removeConfigDir(dir: string | undefined): void {
  if (dir) rmSync(dir, { recursive: true, force: true });
}

/** Which script item a stored evidence record came from (by its link, tracking parameters aside). */
export function scriptKeyOf(link: string | null | undefined): string {
  const found = NEWS_SCRIPT.items.find((item) => item.link === link);
  if (!found) throw new Error(`no script item has the link ${String(link)}`);
  return found.key;
}
