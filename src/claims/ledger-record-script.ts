/**
 * Records one poll's evidence, for every claim it matched, in one atomic Lua script (DESIGN.md "Pipeline":
 * "record the poll's evidence in one idempotent step"). It touches only the keys it is given, which share
 * the `{prefix}` hash tag, so it runs on Redis Cluster.
 *
 * Per record, in order:
 * - the story is already held for the claim under its story key, or under the story key its alias (the
 *   title + source fingerprint) points at → a duplicate; when the new copy ranks higher (a larger feed
 *   weight, then the smaller feed id) it replaces the held one; either way the earlier `firstSeenAt` is
 *   kept, so a story's source, weight and evidence time do not depend on which feed carrying it was polled
 *   first (`upgraded` when the held record changed, else `duplicate`);
 * - otherwise it is added, its alias pointed at it (`new`).
 * A record this same poll added on an earlier run (a retried or re-run job) answers `again`: the caller
 * treats it as new, so the alerts and derivations a crash left unqueued are queued on the re-run, while
 * nothing is written twice. Every claim whose evidence changed gets its state `version` bumped, so a
 * derivation planned on the old evidence loses its compare-and-set and plans again (ledger.ts).
 */
import type { RedisClient } from '../redis/client.js';
import { luaScript, runLua } from '../redis/lua.js';
import type { EvidenceRecord } from './types.js';

export const RECORD_SCRIPT = `
--[[ policy-watch: record one poll's evidence.
KEYS[1]            set of evidence ids this poll added (expires after ARGV[1] seconds; "0": no set is kept)
KEYS[2 + 3(c-1)]   claim c's evidence hash (story key -> evidence JSON)
KEYS[3 + 3(c-1)]   claim c's alias hash (title + source fingerprint -> story key)
KEYS[4 + 3(c-1)]   claim c's state hash (only its version is touched)
ARGV[1]  seconds the poll's set lives
ARGV[2]  number of records; then 8 values per record: claim index c (1-based), story key, alias key or "",
         evidence JSON, weight, feed id, first seen (ISO), evidence id
Returns  one outcome per record: "new", "again", "upgraded" or "duplicate"; then, per claim c in order, its
         state's derivedThrough or "" (the poll schedules the claim's derivation after it)
]]
local function outranks(weight, feed, held)
  local heldWeight = tonumber(held.weight) or 1
  if weight ~= heldWeight then return weight > heldWeight end
  return feed < (held.feedId or '')
end
local out = {}
local bumped = {}
local track = tonumber(ARGV[1]) > 0
local n = tonumber(ARGV[2])
for r = 0, n - 1 do
  local a = 3 + r * 8
  local c = tonumber(ARGV[a])
  local story, alias, json = ARGV[a + 1], ARGV[a + 2], ARGV[a + 3]
  local weight, feed, seen, id = tonumber(ARGV[a + 4]), ARGV[a + 5], ARGV[a + 6], ARGV[a + 7]
  local evidenceKey, aliasKey, stateKey = KEYS[2 + 3 * (c - 1)], KEYS[3 + 3 * (c - 1)], KEYS[4 + 3 * (c - 1)]
  local heldKey, heldJson = nil, redis.call('HGET', evidenceKey, story)
  if heldJson then
    heldKey = story
  elseif alias ~= '' then
    local target = redis.call('HGET', aliasKey, alias)
    if target then
      heldJson = redis.call('HGET', evidenceKey, target)
      if heldJson then heldKey = target end
    end
  end
  if heldKey == nil then
    redis.call('HSET', evidenceKey, story, json)
    if alias ~= '' then redis.call('HSET', aliasKey, alias, story) end
    if track then redis.call('SADD', KEYS[1], id) end
    bumped[stateKey] = true
    out[#out + 1] = 'new'
  else
    local held = cjson.decode(heldJson)
    if track and redis.call('SISMEMBER', KEYS[1], held.id) == 1 then
      out[#out + 1] = 'again'
    elseif outranks(weight, feed, held) then
      local first = held.firstSeenAt
      if first and first < seen then
        json = string.gsub(json, '"firstSeenAt":"[^"]*"', '"firstSeenAt":"' .. first .. '"', 1)
      end
      if heldKey ~= story then redis.call('HDEL', evidenceKey, heldKey) end
      redis.call('HSET', evidenceKey, story, json)
      if alias ~= '' then redis.call('HSET', aliasKey, alias, story) end
      bumped[stateKey] = true
      out[#out + 1] = 'upgraded'
    elseif held.firstSeenAt and seen < held.firstSeenAt then
      -- The held copy stays, but this one was seen first: first seen is the earliest of them.
      heldJson = string.gsub(heldJson, '"firstSeenAt":"[^"]*"', '"firstSeenAt":"' .. seen .. '"', 1)
      redis.call('HSET', evidenceKey, heldKey, heldJson)
      bumped[stateKey] = true
      out[#out + 1] = 'upgraded'
    else
      out[#out + 1] = 'duplicate'
    end
  end
end
for stateKey in pairs(bumped) do redis.call('HINCRBY', stateKey, 'version', 1) end
for k = 4, #KEYS, 3 do out[#out + 1] = redis.call('HGET', KEYS[k], 'derivedThrough') or '' end
if track then redis.call('EXPIRE', KEYS[1], tonumber(ARGV[1])) end
return out
`;

const RECORD = luaScript('ledger-record', RECORD_SCRIPT);

export type RecordKind = 'new' | 'again' | 'upgraded' | 'duplicate';

export interface ClaimKeys {
  evidence: string;
  aliases: string;
  state: string;
}

export interface RecordInput {
  /** The set naming what this poll added: the same key on every run of the same poll. */
  pollKey: string;
  /** How long that set lives; it must outlive every retry of the poll. 0 keeps no set (one-off records). */
  pollTtlSeconds: number;
  records: readonly EvidenceRecord[];
  keysOf(claimId: string): ClaimKeys;
}

export interface RecordResult {
  /** One outcome per record, in input order. */
  kinds: RecordKind[];
  /** Each claim of the records → its latest derivation instant (ISO 8601), or null when never derived. */
  derivedThrough: Map<string, string | null>;
}

const KINDS = new Set(['new', 'again', 'upgraded', 'duplicate']);

/** Runs the script (redis/lua.ts: EVALSHA, EVAL when the server does not know it yet). */
export async function runRecord(redis: RedisClient, input: RecordInput): Promise<RecordResult> {
  if (input.records.length === 0) return { kinds: [], derivedThrough: new Map() };
  const claimIndex = new Map<string, number>();
  const keys = [input.pollKey];
  const argv = [String(input.pollTtlSeconds), String(input.records.length)];
  for (const record of input.records) {
    let index = claimIndex.get(record.claim);
    if (index === undefined) {
      index = claimIndex.size + 1;
      claimIndex.set(record.claim, index);
      const claimKeys = input.keysOf(record.claim);
      keys.push(claimKeys.evidence, claimKeys.aliases, claimKeys.state);
    }
    argv.push(
      String(index),
      record.storyKey,
      record.aliasKey ?? '',
      JSON.stringify(record),
      String(record.weight),
      record.feedId,
      record.firstSeenAt,
      record.id,
    );
  }
  const reply = await runLua(redis, RECORD, keys, argv);
  const values: unknown[] = Array.isArray(reply) ? reply : [];
  const kinds = values.slice(0, input.records.length);
  const through = values.slice(input.records.length);
  const valid =
    kinds.length === input.records.length &&
    kinds.every((kind) => KINDS.has(String(kind))) &&
    through.length === claimIndex.size &&
    through.every((value) => typeof value === 'string');
  if (!valid) throw new Error(`evidence record script gave an unexpected reply: ${JSON.stringify(reply)}`);
  const claims = [...claimIndex.keys()];
  const derivedThrough = new Map(claims.map((claim, i) => [claim, (through[i] as string) || null]));
  return { kinds: kinds as RecordKind[], derivedThrough };
}
