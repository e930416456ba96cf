/**
 * The demo's bundled news replay (config/replay/*.yaml): the feeds the local server serves, the replay's
 * days and the dated items. Loading validates the file against the schema below and the rules the schema
 * cannot say: every item names a known feed, aggregator items (and only they) name a publisher, and the
 * days run forward.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { dayInstant as replayDayInstant } from '../replay/clock.js';

const DIRECTIONS = ['progress', 'setback', 'neutral', 'confirms', 'refutes'] as const;
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
const isoInstant = z.iso.datetime({ error: 'expected an ISO 8601 UTC time, e.g. 2025-06-05T12:00:00Z' });

const replayFeedSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  /** Where the local server serves it. */
  path: z.string().startsWith('/'),
  title: z.string().min(1),
  /** The feed's publisher; for an aggregator, the aggregator's own name. */
  source: z.string().min(1),
  weight: z.number().positive().max(10).optional(),
  aggregator: z.boolean().default(false),
  /** @defaultValue 'en' */
  language: z.string().default('en'),
});

const replayItemSchema = z.strictObject({
  published: isoInstant,
  feed: z.string(),
  /** Aggregator items only: the publisher named in `<source>`. */
  publisher: z.string().min(1).optional(),
  title: z.string().min(1),
  summary: z.string().min(1),
  /** claim id → the direction config/claims.yaml gives the item; {} when it matches nothing. */
  expect: z.record(z.string(), z.enum(DIRECTIONS)).default({}),
});

const replayDaySchema = z.strictObject({
  date: isoDate,
  /** Run the sweep job after the day's polls. @defaultValue false */
  sweep: z.boolean().default(false),
});

export const replaySchema = z.strictObject({
  title: z.string().min(1),
  feeds: z.array(replayFeedSchema).min(1),
  days: z.array(replayDaySchema).min(1),
  items: z.array(replayItemSchema).min(1),
});

export type ReplayFeed = z.infer<typeof replayFeedSchema>;
export type ReplayDay = z.infer<typeof replayDaySchema>;

export interface ReplayItem extends z.infer<typeof replayItemSchema> {
  /** `item-<n>`, n counting from 1 in file order: the item's guid and the last part of its link. */
  key: string;
}

export interface Replay extends Omit<z.infer<typeof replaySchema>, 'items'> {
  items: ReplayItem[];
}

function problems(replay: Replay): string[] {
  const found: string[] = [];
  const feeds = new Map(replay.feeds.map((feed) => [feed.id, feed]));
  if (feeds.size !== replay.feeds.length) found.push('feeds: two feeds share an id');
  for (const [index, item] of replay.items.entries()) {
    const feed = feeds.get(item.feed);
    if (!feed) found.push(`items[${index}].feed: unknown feed "${item.feed}"`);
    else if (feed.aggregator && !item.publisher)
      found.push(`items[${index}]: an aggregator item needs a publisher`);
    else if (!feed.aggregator && item.publisher)
      found.push(`items[${index}]: only aggregator items name a publisher`);
  }
  for (const [index, day] of replay.days.entries()) {
    const before = replay.days[index - 1];
    if (before && before.date >= day.date)
      found.push(`days[${index}]: ${day.date} does not follow ${before.date}`);
  }
  for (const [index, item] of replay.items.entries()) {
    if (!replay.days.some((day) => listedOn(item, dayInstant(day)))) {
      found.push(`items[${index}]: published ${item.published}, it is listed on no replay day`);
    }
  }
  return found;
}

export function parseReplay(text: string, file = 'replay'): Replay {
  const parsed = replaySchema.safeParse(parse(text));
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`${file}: ${issues.join('; ')}`);
  }
  const replay: Replay = {
    ...parsed.data,
    items: parsed.data.items.map((item, index) => ({ ...item, key: `item-${index + 1}` })),
  };
  const found = problems(replay);
  if (found.length > 0) throw new Error(`${file}: ${found.join('; ')}`);
  return replay;
}

export function loadReplay(file: string): Replay {
  return parseReplay(readFileSync(file, 'utf8'), file);
}

/** The replay's clock stands at 23:00 UTC on each day, after that day's news (US afternoon included). */
export const DAY_HOUR_UTC = 23;

export function dayInstant(day: ReplayDay): Date {
  return replayDayInstant(day, DAY_HOUR_UTC);
}

/**
 * How far back a feed lists: like a publisher's real feed, only recent items. It must stay under the
 * sweep's seen-story horizon (90 days), or a story the pipeline has forgotten would come back as new.
 */
export const FEED_HORIZON_DAYS = 45;
const DAY_MS = 86_400_000;

function listedOn(item: { published: string }, now: Date): boolean {
  const at = Date.parse(item.published);
  return at <= now.getTime() && at > now.getTime() - FEED_HORIZON_DAYS * DAY_MS;
}

/** Items published in the FEED_HORIZON_DAYS up to `now`, newest first: what a feed lists at that moment. */
export function itemsAsOf(replay: Replay, feedId: string, now: Date): ReplayItem[] {
  return replay.items
    .filter((item) => item.feed === feedId && listedOn(item, now))
    .sort((a, b) => Date.parse(b.published) - Date.parse(a.published));
}
