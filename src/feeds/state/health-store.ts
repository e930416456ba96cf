/**
 * The feed health record in Redis: one hash per feed at keys.feedState(feedId), one string field per
 * FeedHealth property (lastError flattened to lastErrorCode / lastErrorMessage, so `redis-cli HGETALL`
 * reads plainly). The only module that touches that hash.
 *
 * lastPolledSlot only ever grows: writeFeedHealth raises it inside its script, so a slow poll of an older
 * slot that finishes after a newer one cannot reopen the newer slot. The other fields are last-writer-wins.
 * (The poll job does not claim its slot before fetching: a poll that crashed must run again on recovery.)
 *
 * A write is one script: HGET of the slot, HSET of the present fields, and HDEL only of fields that were
 * there before and are gone now — three commands for a poll, where the MULTI it replaces ran seven
 * (bench:pipeline counts every command, scripts' included).
 */
import type { RedisClient } from '../../redis/client.js';
import type { KeyBuilder } from '../../redis/keys.js';
import { luaScript, runLua } from '../../redis/lua.js';
import type { FeedHealth } from './health.js';
import { decodeFeedHealth, encodeFeedHealth, SLOT_FIELD } from './health-codec.js';

/**
 * Writes a feed's record, raising its processed slot unless the same or a later slot is recorded.
 * KEYS[1]  the feed state hash (keys.feedState)
 * ARGV[1]  the slot field ('lastPolledSlot'); ARGV[2] the slot (epoch ms) or '' to leave it alone
 * ARGV[3]  n, the number of fields to delete; ARGV[4 .. 3+n] those fields
 * ARGV[4+n ..]  field, value pairs to set
 * Returns  1 when the slot was raised, else 0.
 */
const WRITE_HEALTH = luaScript(
  'feed-health-write',
  `
local key, slotField, slot = KEYS[1], ARGV[1], ARGV[2]
local deletes = tonumber(ARGV[3])
local set = {}
for i = 4 + deletes, #ARGV do set[#set + 1] = ARGV[i] end
local raised = 0
if slot ~= '' then
  local current = tonumber(redis.call('HGET', key, slotField))
  if not current or current < tonumber(slot) then
    set[#set + 1] = slotField
    set[#set + 1] = slot
    raised = 1
  end
end
if deletes > 0 then redis.call('HDEL', key, unpack(ARGV, 4, 3 + deletes)) end
if #set > 0 then redis.call('HSET', key, unpack(set)) end
return raised
`,
);

/** Resolves a pipeline's replies, rejecting with the first per-command error. */
async function execAll(pipeline: ReturnType<RedisClient['pipeline']>): Promise<unknown[]> {
  const replies = (await pipeline.exec()) ?? [];
  return replies.map(([error, reply]) => {
    if (error) throw error;
    return reply;
  });
}

/** The stored record, or NEW_FEED_HEALTH's shape for a feed never polled. */
export async function readFeedHealth(
  redis: RedisClient,
  keys: KeyBuilder,
  feedId: string,
): Promise<FeedHealth> {
  return decodeFeedHealth(await redis.hgetall(keys.feedState(feedId)));
}

/** Every listed feed's record, in one round trip (a pipeline of HGETALLs). */
export async function readAllFeedHealth(
  redis: RedisClient,
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
 * Replaces the record: the fields `health` has are set, the others deleted, and the slot raised (never
 * lowered); an absent lastPolledSlot leaves the stored one alone. With `previous` (the record as the
 * caller read it), only fields `previous` had are deleted: a poll that read the record at its start saves
 * the HDEL of fields that were never there.
 */
export async function writeFeedHealth(
  redis: RedisClient,
  keys: KeyBuilder,
  feedId: string,
  health: FeedHealth,
  previous?: FeedHealth,
): Promise<void> {
  const { set, unset } = encodeFeedHealth(health);
  const slot = set[SLOT_FIELD] ?? '';
  delete set[SLOT_FIELD];
  const had = previous ? encodeFeedHealth(previous).set : undefined;
  const deletes = unset.filter((field) => field !== SLOT_FIELD && (had === undefined || field in had));
  await runLua(
    redis,
    WRITE_HEALTH,
    [keys.feedState(feedId)],
    [SLOT_FIELD, slot, String(deletes.length), ...deletes, ...Object.entries(set).flat()],
  );
}
