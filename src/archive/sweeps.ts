/**
 * The instants the sweep ran, kept as long as the archive: a claim goes quiet, or its lean lapses, only
 * when a sweep derives it, so `backtest` must sweep when the daemon did to draw the same timeline.
 */

import { DAY_MS } from '../claims/index.js';
import type { RedisClient } from '../redis/client.js';
import type { KeyBuilder } from '../redis/keys.js';

export async function noteSweep(
  redis: RedisClient,
  keys: KeyBuilder,
  slotMs: number,
  keepDays: number,
): Promise<void> {
  await redis
    .multi()
    .zadd(keys.sweepsRan, slotMs, String(slotMs))
    .zremrangebyscore(keys.sweepsRan, '-inf', `(${slotMs - keepDays * DAY_MS}`)
    .exec();
}

/** The sweep instants (ms) from `sinceMs` on, in order. */
export async function sweepsSince(redis: RedisClient, keys: KeyBuilder, sinceMs: number): Promise<number[]> {
  return (await redis.zrangebyscore(keys.sweepsRan, sinceMs, '+inf')).map(Number);
}
