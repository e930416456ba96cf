/**
 * Keeps one poll's new items in the recent items archive, in one atomic Lua script, and trims the archive:
 * polls older than the horizon, then the oldest polls while the archive holds more items than its cap. A poll
 * is kept whole (the items a feed showed at one instant, as the pipeline saw them), so the cap may drop a
 * few items more than strictly needed. Idempotent per poll key: a re-run of the same poll writes nothing.
 * Its keys share the `{prefix}` hash tag, so it runs on Redis Cluster.
 */
import type { RedisClient } from '../redis/client.js';
import { luaScript, runLua } from '../redis/lua.js';

export const ARCHIVE_SCRIPT = `
--[[ policy-watch: archive one poll's new items.
KEYS[1]  sorted set: poll key -> poll time (ms)
KEYS[2]  hash: poll key -> items (deflated JSON)
KEYS[3]  hash: poll key -> item count; field "total" -> items held
ARGV[1]  poll key ("" to trim only)
ARGV[2]  poll time (ms)
ARGV[3]  the items (deflated JSON)
ARGV[4]  item count
ARGV[5]  horizon: polls before this time (ms) are dropped
ARGV[6]  cap: at most this many items are held
Returns  {"added"|"again"|"trimmed", polls dropped}
]]
local answer = 'trimmed'
if ARGV[1] ~= '' then
  if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 1 then
    answer = 'again'
  else
    redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
    redis.call('HSET', KEYS[3], ARGV[1], ARGV[4])
    redis.call('HINCRBY', KEYS[3], 'total', tonumber(ARGV[4]))
    redis.call('ZADD', KEYS[1], tonumber(ARGV[2]), ARGV[1])
    answer = 'added'
  end
end
local horizon, cap = tonumber(ARGV[5]), tonumber(ARGV[6])
local dropped = 0
while true do
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  if #oldest == 0 then break end
  local total = tonumber(redis.call('HGET', KEYS[3], 'total') or '0')
  if tonumber(oldest[2]) >= horizon and total <= cap then break end
  local count = tonumber(redis.call('HGET', KEYS[3], oldest[1]) or '0')
  redis.call('ZREM', KEYS[1], oldest[1])
  redis.call('HDEL', KEYS[2], oldest[1])
  redis.call('HDEL', KEYS[3], oldest[1])
  redis.call('HINCRBY', KEYS[3], 'total', -count)
  dropped = dropped + 1
end
return {answer, dropped}
`;

const ARCHIVE = luaScript('archive-poll', ARCHIVE_SCRIPT);

export interface ArchiveKeys {
  polls: string;
  items: string;
  counts: string;
}

export interface ArchiveWrite {
  /** "" trims without adding. */
  pollKey: string;
  atMs: number;
  /** The poll's items, deflated JSON ("" when trimming only). */
  blob: Buffer | string;
  count: number;
  horizonMs: number;
  cap: number;
}

export async function runArchive(
  redis: RedisClient,
  keys: ArchiveKeys,
  write: ArchiveWrite,
): Promise<{ outcome: 'added' | 'again' | 'trimmed'; dropped: number }> {
  const reply = await runLua(
    redis,
    ARCHIVE,
    [keys.polls, keys.items, keys.counts],
    [
      write.pollKey,
      String(write.atMs),
      write.blob,
      String(write.count),
      String(write.horizonMs),
      String(write.cap),
    ],
  );
  const [outcome, dropped] = Array.isArray(reply) ? reply : [];
  if (outcome !== 'added' && outcome !== 'again' && outcome !== 'trimmed') {
    throw new Error(`archive script gave an unexpected reply: ${JSON.stringify(reply)}`);
  }
  return { outcome, dropped: Number(dropped) };
}
