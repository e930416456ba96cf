/**
 * Which stories a feed has already delivered: a sorted set per feed at keys.feedSeen(feedId), members = the
 * story key and the title + source alias of each story (../parse/fingerprint.ts), score = first-seen time
 * in epoch ms. A poll costs at most two commands whatever the number of items: one ZMSCORE to filter
 * (Redis ≥ 6.2), one ZADD NX to mark; the sweep trims old members with one ZREMRANGEBYSCORE.
 *
 * Mark after the unseen items' evidence is recorded and its alerts and derivations queued: a crash in between
 * re-delivers the items on the next poll (evidence is idempotent per claim and story) instead of losing them.
 */
import type { RedisClient } from '../../redis/client.js';
import type { KeyBuilder } from '../../redis/keys.js';

/** The story keys not seen before, in input order, each once (syndicated copies in one feed share a key). */
export async function filterUnseen(
  redis: RedisClient,
  keys: KeyBuilder,
  feedId: string,
  storyKeys: readonly string[],
): Promise<string[]> {
  const distinct = [...new Set(storyKeys)];
  if (distinct.length === 0) return [];
  const scores = await redis.zmscore(keys.feedSeen(feedId), ...distinct);
  return distinct.filter((_, index) => scores[index] === null);
}

/**
 * Records the story keys as seen at `nowMs`; returns how many were new. NX keeps the first-seen time of a
 * key seen before, so trimming ages a story from when it first appeared.
 */
export async function markSeen(
  redis: RedisClient,
  keys: KeyBuilder,
  feedId: string,
  storyKeys: readonly string[],
  nowMs: number,
): Promise<number> {
  const distinct = [...new Set(storyKeys)];
  if (distinct.length === 0) return 0;
  const pairs = distinct.flatMap((storyKey) => [nowMs, storyKey]);
  return redis.zadd(keys.feedSeen(feedId), 'NX', ...pairs);
}

/**
 * Forgets stories first seen before `olderThanMs` (exclusive); returns how many were removed. Keep the
 * horizon well beyond how long a feed keeps an item listed, or a still-listed story comes back as new.
 */
export async function trimSeen(
  redis: RedisClient,
  keys: KeyBuilder,
  feedId: string,
  olderThanMs: number,
): Promise<number> {
  return redis.zremrangebyscore(keys.feedSeen(feedId), '-inf', `(${olderThanMs}`);
}

/**
 * The items seen for the first time: none of an item's identities (its story key, and its title + source
 * alias when it has one) is in the feed's seen set, nor taken by an earlier item of the same poll. So a
 * story whose link rotates on every poll is new once, and syndicated copies in one feed count once.
 */
export function firstSightings<T>(
  items: readonly T[],
  identities: (item: T) => readonly string[],
  unseen: ReadonlySet<string>,
): T[] {
  const taken = new Set<string>();
  return items.filter((item) => {
    const ids = identities(item);
    if (ids.some((id) => !unseen.has(id) || taken.has(id))) return false;
    for (const id of ids) taken.add(id);
    return true;
  });
}
