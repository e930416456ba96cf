/**
 * Keeps one poll's new items in the recent items archive, in one atomic Lua script, and trims the archive:
 * the oldest polls while it holds more items than its cap, and — on a trim-only call (the sweep's) — polls
 * older than the horizon. A poll is kept whole (the items a feed showed at one instant, as the pipeline saw
 * them), so the cap may drop a few items more than strictly needed. Idempotent per poll key: a re-run of the
 * same poll writes nothing. A poll that stays under the cap costs four commands (HSETNX, HSET, HINCRBY,
 * ZADD): every poll of every feed runs it, so age is left to the sweep. Its keys share the `{prefix}` hash
 * tag, so it runs on Redis Cluster.
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
ARGV[5]  horizon: polls before this time (ms) are dropped (trim-only calls)
ARGV[6]  cap: at most this many items are held
Returns  {"added"|"again"|"trimmed", polls dropped}
]]
local answer = 'trimmed'
local horizon, cap = tonumber(ARGV[5]), tonumber(ARGV[6])
if ARGV[1] ~= '' then
  if redis.call('HSETNX', KEYS[2], ARGV[1], ARGV[3]) == 0 then
    return {'again', 0}
  end
  redis.call('HSET', KEYS[3], ARGV[1], ARGV[4])
  local total = redis.call('HINCRBY', KEYS[3], 'total', tonumber(ARGV[4]))
  redis.call('ZADD', KEYS[1], tonumber(ARGV[2]), ARGV[1])
  if total <= cap then return {'added', 0} end
  answer = 'added'
  horizon = -1
end
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
