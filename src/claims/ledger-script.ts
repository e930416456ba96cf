/**
 * The ledger's one write: a compare-and-set commit of a CommitPlan (ledger-plan.ts), atomic in one Lua
 * script. It touches only the keys it is given, which share the `{prefix}` hash tag, so it runs on Redis
 * Cluster. Every check comes before the first write: Redis does not roll back a script that fails halfway.
 */
import type { RedisClient } from '../redis/client.js';
import { luaScript, runLua } from '../redis/lua.js';
import { stateFields } from './ledger-codec.js';
import type { CommitPlan } from './ledger-plan.js';

export const COMMIT_SCRIPT = `
--[[ policy-watch ledger commit: compare-and-set on a claim's state version.
KEYS[1]  claim evidence hash (story key -> evidence JSON)
KEYS[2]  claim state hash (status, seq, version, updatedAt, lastChangeAt, tally, reason, reopenedAt)
KEYS[3]  claim history list (change record JSON, oldest first, append-only)
KEYS[4]  claim alias hash (title + source fingerprint -> story key)
KEYS[5]  claim dismissed hash (story key -> dismissal JSON: an operator's "wrongly matched")
ARGV[1]  expected version: the state's version when the plan was made ("0" for a missing state hash)
ARGV[2]  change record JSON to append, or "" for none
ARGV[3]  seq of that change record, or "0" for none; it must be the history length + 1
ARGV[4]  story key of the evidence this commit dismisses, or "" for none
ARGV[5]  its dismissal JSON, or ""
ARGV[6]  n: how many evidence records follow to remove (trim)
ARGV[7 .. 6+2n] their story key and alias key ("" for none) in pairs; an alias is removed only while it
                still points at the removed story; a removed story's dismissal goes with it
ARGV[7+2n ..]   field, value pairs for the state hash (never "version": the script owns it)
Returns {"conflict", version}   the state's version is not ARGV[1] (another derivation, or a poll recorded
                                evidence since the plan's snapshot); nothing written
        {"committed", version}  all written; version is the new one
Error   "LEDGER seq ..."        the history length disagrees with the seq; nothing written
]]
local version = tonumber(redis.call('HGET', KEYS[2], 'version') or '0')
if version ~= tonumber(ARGV[1]) then
  return {'conflict', tostring(version)}
end
local seq = tonumber(ARGV[3])
if seq > 0 then
  local length = redis.call('LLEN', KEYS[3])
  if length ~= seq - 1 then
    return redis.error_reply('LEDGER seq ' .. seq .. ' does not follow a history of ' .. length)
  end
end
if ARGV[4] ~= '' then
  redis.call('HSET', KEYS[5], ARGV[4], ARGV[5])
end
local n = tonumber(ARGV[6])
for i = 7, 6 + 2 * n, 2 do
  redis.call('HDEL', KEYS[1], ARGV[i])
  redis.call('HDEL', KEYS[5], ARGV[i])
  if ARGV[i + 1] ~= '' and redis.call('HGET', KEYS[4], ARGV[i + 1]) == ARGV[i] then
    redis.call('HDEL', KEYS[4], ARGV[i + 1])
  end
end
for i = 7 + 2 * n, #ARGV, 2 do
  redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1])
end
redis.call('HSET', KEYS[2], 'version', tostring(version + 1))
if seq > 0 then
  redis.call('RPUSH', KEYS[3], ARGV[2])
end
return {'committed', tostring(version + 1)}
`;

const COMMIT = luaScript('ledger-commit', COMMIT_SCRIPT);

export type CommitKind = 'conflict' | 'committed';

/** The script's answer: its kind and the state's version (the new one after `committed`). */
export interface CommitResult {
  kind: CommitKind;
  version: number;
}

export interface CommitKeys {
  evidence: string;
  state: string;
  history: string;
  aliases: string;
  dismissed: string;
}

export function commitArgs(plan: CommitPlan, expectedVersion: number): string[] {
  return [
    String(expectedVersion),
    plan.change ? JSON.stringify(plan.change) : '',
    String(plan.change?.seq ?? 0),
    plan.dismiss?.storyKey ?? '',
    plan.dismiss ? JSON.stringify(plan.dismiss.dismissal) : '',
    String(plan.trim.length),
    ...plan.trim.flatMap((key, i) => [key, plan.trimAliases?.[i] ?? '']),
    ...stateFields(plan.state),
  ];
}

/** Runs the script (redis/lua.ts: EVALSHA, EVAL when the server does not know it yet). */
export async function runCommit(
  redis: RedisClient,
  keys: CommitKeys,
  plan: CommitPlan,
  expectedVersion: number,
): Promise<CommitResult> {
  const reply = await runLua(
    redis,
    COMMIT,
    [keys.evidence, keys.state, keys.history, keys.aliases, keys.dismissed],
    commitArgs(plan, expectedVersion),
  );
  const [kind, version] = Array.isArray(reply) ? reply : [];
  const n = Number(version);
  if ((kind === 'conflict' || kind === 'committed') && Number.isSafeInteger(n)) {
    return { kind, version: n };
  }
  throw new Error(`ledger commit script gave an unexpected reply: ${JSON.stringify(reply)}`);
}
