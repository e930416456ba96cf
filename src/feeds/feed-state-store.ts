/**
 * The feed health record in Redis: one hash per feed at keys.feedState(feedId), one string field per
 * FeedHealth property (lastError flattened to lastErrorCode / lastErrorMessage, so `redis-cli HGETALL`
 * reads plainly). The only module that touches that hash.
 *
 * lastPolledSlot only ever grows: writeFeedHealth raises it with a small script, so a slow poll of an older
 * slot that finishes after a newer one cannot reopen the newer slot. The other fields are last-writer-wins.
 * (The poll job does not claim its slot before fetching: a poll that crashed must run again on recovery.)
 */
import type { ChainableCommander, Redis } from 'ioredis';
import type { KeyBuilder } from '../redis/keys.js';
import { decodeFeedHealth, encodeFeedHealth, SLOT_FIELD } from './feed-state-codec.js';
import type { FeedHealth } from './health.js';

/**
 * Raises a feed's processed slot unless the same or a later slot is already recorded.
 * KEYS[1]  the feed state hash (keys.feedState)
 * ARGV[1]  the slot, epoch ms as a decimal integer
 * ARGV[2]  the hash field holding the slot ('lastPolledSlot')
 * Returns  1 when the slot was raised, 0 when it (or a later one) was already recorded.
 */
const CLAIM_SLOT_LUA = `
local current = tonumber(redis.call('HGET', KEYS[1], ARGV[2]))
if current and current >= tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], ARGV[2], ARGV[1])
return 1
`;

const CLAIM_SLOT = 'pwClaimFeedSlot';

interface ClaimSlotCommand<Reply> {
  pwClaimFeedSlot(key: string, slot: string, field: string): Reply;
}

/** ioredis sends EVALSHA (EVAL on a socket's first use) for a defined command, in pipelines too. */
function scripted(redis: Redis): Redis & ClaimSlotCommand<Promise<number>> {
  if (!(CLAIM_SLOT in redis)) redis.defineCommand(CLAIM_SLOT, { numberOfKeys: 1, lua: CLAIM_SLOT_LUA });
  return redis as Redis & ClaimSlotCommand<Promise<number>>;
}

/** Resolves a pipeline's replies, rejecting with the first per-command error. */
async function execAll(pipeline: ChainableCommander): Promise<unknown[]> {
  const replies = (await pipeline.exec()) ?? [];
  return replies.map(([error, reply]) => {
    if (error) throw error;
    return reply;
  });
}

/** The stored record, or NEW_FEED_HEALTH's shape for a feed never polled. */
export async function readFeedHealth(redis: Redis, keys: KeyBuilder, feedId: string): Promise<FeedHealth> {
  return decodeFeedHealth(await redis.hgetall(keys.feedState(feedId)));
}

/** Every listed feed's record, in one round trip (a pipeline of HGETALLs). */
export async function readAllFeedHealth(
  redis: Redis,
  keys: KeyBuilder,
  feedIds: readonly string[],
): Promise<Map<string, FeedHealth>> {
  const result = new Map<string, FeedHealth>();
  if (feedIds.length === 0) return result;
  const pipeline = redis.pipeline();
  for (const feedId of feedIds) pipeline.hgetall(keys.feedState(feedId));
  const replies = await execAll(pipeline);
  feedIds.forEach((feedId, index) => {
    result.set(feedId, decodeFeedHealth(replies[index] as Record<string, string>));
  });
  return result;
}

/**
 * Replaces the record in one MULTI: HDEL of the absent fields, HSET of the present ones, and the slot
 * raised (never lowered) by the claim script. An absent lastPolledSlot leaves the stored one alone.
 */
export async function writeFeedHealth(
  redis: Redis,
  keys: KeyBuilder,
  feedId: string,
  health: FeedHealth,
): Promise<void> {
  const key = keys.feedState(feedId);
  const { set, unset } = encodeFeedHealth(health);
  const slot = set[SLOT_FIELD];
  delete set[SLOT_FIELD];
  const tx = scripted(redis).multi() as ChainableCommander & ClaimSlotCommand<ChainableCommander>;
  const removable = unset.filter((field) => field !== SLOT_FIELD);
  if (removable.length > 0) tx.hdel(key, ...removable);
  tx.hset(key, set);
  if (slot !== undefined) tx.pwClaimFeedSlot(key, slot, SLOT_FIELD);
  await execAll(tx);
}
