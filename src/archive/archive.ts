/**
 * The recent items archive (DESIGN.md "Recent items"): every story a poll sees for the first time, kept
 * for `archive_days` and at most `archive_max_items`, so a draft claim can be tried on real recent news
 * (`policy-watch backtest`). A poll's items are kept together under the poll's key, with what matching
 * reads (title and body text) and what evidence is built from (link, dates, publisher, story identity).
 * The body is kept as text, its first ARCHIVE_BODY_CHARS characters: an item whose deciding words sit
 * further into a long article can match differently in a backtest than it did live. A poll's JSON is
 * stored deflated: news text compresses about threefold, which is what keeps 100,000 items inside the
 * memory budget even when feeds carry long summaries (docs/benchmarks.md).
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { DAY_MS } from '../claims/index.js';
import type { ArchiveSettings } from '../config/load.js';
import type { FeedItem } from '../feeds/index.js';
import type { RedisClient } from '../redis/client.js';
import type { KeyBuilder } from '../redis/keys.js';
import { htmlToText } from '../text/html-to-text.js';
import { runArchive } from './archive-script.js';

export const ARCHIVE_BODY_CHARS = 2_000;

/** One item as archived: enough to match it again and to build its evidence. */
export interface ArchivedItem {
  id: string;
  storyKey: string;
  title?: string | undefined;
  link?: string | undefined;
  published?: string | undefined;
  /** Summary and content as text, cut to ARCHIVE_BODY_CHARS. */
  body?: string | undefined;
  publisher?: string | undefined;
}

export interface ArchivedPoll {
  pollKey: string;
  feedId: string;
  /** The feed's publisher and weight when it was polled: a backtest of a draft without that feed uses them. */
  source: string;
  weight: number;
  /** When the poll saw the items (ms): their evidence's first-seen time. */
  atMs: number;
  items: ArchivedItem[];
}

/** The fields an archived item keeps as the feed gave them, whichever way it is converted. */
function sharedFields(item: FeedItem | ArchivedItem) {
  const { id, storyKey, title, link, published, publisher } = item;
  return { id, storyKey, title, link, published, publisher };
}

export function archivedItem(item: FeedItem): ArchivedItem {
  const joined = [item.summary, item.content].filter(Boolean).join('\n');
  const body = joined ? htmlToText(joined).trim().slice(0, ARCHIVE_BODY_CHARS) : undefined;
  return { ...sharedFields(item), body: body || undefined };
}

/** The item as the matcher and evidenceFor read a live one. */
export function feedItemOf(item: ArchivedItem): FeedItem {
  return { ...sharedFields(item), summary: item.body, categories: [] };
}

function archiveKeys(keys: KeyBuilder) {
  return { polls: keys.archivePolls, items: keys.archiveItems, counts: keys.archiveCounts };
}

/** Keeps a poll's new items; with none, only trims (age and cap: the sweep's call). Idempotent per poll key. */
export async function archivePoll(
  redis: RedisClient,
  keys: KeyBuilder,
  settings: ArchiveSettings,
  poll: {
    pollKey: string;
    feed: { id: string; source: string; weight: number };
    atMs: number;
    items: readonly FeedItem[];
  },
): Promise<void> {
  const items = poll.items.map(archivedItem);
  const keep = settings.maxItems > 0 && items.length > 0;
  await runArchive(redis, archiveKeys(keys), {
    pollKey: keep ? poll.pollKey : '',
    atMs: poll.atMs,
    blob: keep
      ? deflateRawSync(
          JSON.stringify({ feedId: poll.feed.id, source: poll.feed.source, weight: poll.feed.weight, items }),
        )
      : '',
    count: items.length,
    horizonMs: poll.atMs - settings.days * DAY_MS,
    cap: settings.maxItems,
  });
}

/** The archived polls at or after `sinceMs`, oldest first. */
export async function readArchive(
  redis: RedisClient,
  keys: KeyBuilder,
  sinceMs: number,
): Promise<ArchivedPoll[]> {
  const flat = await redis.zrangebyscore(keys.archivePolls, sinceMs, '+inf', 'WITHSCORES');
  const pollKeys: string[] = [];
  const times: number[] = [];
  for (let i = 0; i < flat.length; i += 2) {
    pollKeys.push(flat[i] as string);
    times.push(Number(flat[i + 1]));
  }
  if (pollKeys.length === 0) return [];
  const blobs = await redis.hmgetBuffer(keys.archiveItems, ...pollKeys);
  return pollKeys.flatMap((pollKey, i) => {
    const blob = blobs[i];
    if (!blob) return [];
    const json = inflateRawSync(blob).toString('utf8');
    const { feedId, source, weight, items } = JSON.parse(json) as Omit<ArchivedPoll, 'pollKey' | 'atMs'>;
    return [{ pollKey, feedId, source, weight, atMs: times[i] as number, items }];
  });
}

/** How many items the archive holds. */
export async function archiveSize(redis: RedisClient, keys: KeyBuilder): Promise<number> {
  return Number((await redis.hget(keys.archiveCounts, 'total')) ?? 0);
}
