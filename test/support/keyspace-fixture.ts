/**
 * A Redis keyspace as a JSON document, for upgrade fixtures (test/fixtures/upgrade/): `dumpKeyspace` reads
 * every key under one prefix, `loadKeyspace` writes such a dump under another prefix. The capture script
 * and the tests use these two functions, so both sides agree on the format.
 *
 * Format: keys sorted by name, each `{key, type, ttlMs, value}`; `ttlMs` is null for a key that does not
 * expire. Values by type: string → string; hash → object (fields sorted); list → array, head first;
 * set → array (sorted); zset → [member, score] pairs, lowest score first; stream → [id, [field, value, …]]
 * entries, oldest first. Scores are numbers: BullMQ's largest (ms · 4096 in `delayed`) stay below 2^53.
 *
 * Prefix independence: every occurrence of `{<prefix>}` in a key name or a value becomes `{PREFIX}` in the
 * dump and the loader's prefix on load. The dump refuses a keyspace where that would not be reversible: a
 * value that already holds `{PREFIX}`, the bare prefix outside its braces, or a key of the prefix that lies
 * outside its hash tag (the cleanup and the loader would miss it). Stream consumer groups are not carried;
 * a stream that has one is refused rather than dumped without it.
 */
import { readFileSync } from 'node:fs';
import type { RedisClient } from '../../src/redis/client.js';
import { createKeys } from '../../src/redis/keys.js';
import { listKeys } from '../../src/redis/scan.js';

export const PREFIX_PLACEHOLDER = '{PREFIX}';

export type StreamEntry = [id: string, fields: string[]];

export type KeyValue =
  | { type: 'string'; value: string }
  | { type: 'hash'; value: Record<string, string> }
  | { type: 'list'; value: string[] }
  | { type: 'set'; value: string[] }
  | { type: 'zset'; value: [member: string, score: number][] }
  | { type: 'stream'; value: StreamEntry[] };

export type DumpedKey = KeyValue & {
  /** Relative to the prefix: `{PREFIX}:claim:rare-earths:history`. */
  key: string;
  /** Milliseconds left to live when dumped; null when the key does not expire. */
  ttlMs: number | null;
};

export interface KeyspaceDump {
  /** package.json `version` of the release that wrote the keyspace. */
  release: string;
  /** The git commit whose src/, jobs/ and config/ wrote it. */
  commit: string;
  /** ISO 8601, wall clock: BullMQ's own times (job timestamps, `delayed` scores) are relative to it. */
  capturedAt: string;
  /** The prefix the keyspace was written under; informative only. */
  prefix: string;
  keys: DumpedKey[];
}

async function scanAll(redis: RedisClient, pattern: string): Promise<string[]> {
  return [...new Set(await listKeys(redis, pattern))].sort();
}

function pairs(flat: string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push([flat[i] as string, flat[i + 1] as string]);
  return out;
}

async function readValue(redis: RedisClient, key: string, type: string): Promise<KeyValue> {
  switch (type) {
    case 'string':
      return { type, value: (await redis.get(key)) ?? '' };
    case 'hash': {
      const hash = await redis.hgetall(key);
      return { type, value: Object.fromEntries(Object.entries(hash).sort(([a], [b]) => (a < b ? -1 : 1))) };
    }
    case 'list':
      return { type, value: await redis.lrange(key, 0, -1) };
    case 'set':
      return { type, value: (await redis.smembers(key)).sort() };
    case 'zset': {
      const flat = await redis.zrange(key, 0, -1, 'WITHSCORES');
      return { type, value: pairs(flat).map(([member, score]) => [member, Number(score)]) };
    }
    case 'stream': {
      const groups = (await redis.xinfo('GROUPS', key)) as unknown[];
      if (groups.length > 0) throw new Error(`${key}: a stream with consumer groups cannot be dumped`);
      const entries = (await redis.xrange(key, '-', '+')) as StreamEntry[];
      // XADD is how a stream is written back, and an empty one would not be.
      if (entries.length === 0) throw new Error(`${key}: an empty stream cannot be dumped`);
      return { type, value: entries };
    }
    default:
      throw new Error(`${key}: Redis type "${type}" has no dump format`);
  }
}

/** Replaces every `from` by `to` in a value's strings (hash fields and set members included). */
function mapStrings(entry: KeyValue, map: (text: string) => string): KeyValue {
  switch (entry.type) {
    case 'string':
      return { type: 'string', value: map(entry.value) };
    case 'hash':
      return {
        type: 'hash',
        value: Object.fromEntries(Object.entries(entry.value).map(([f, v]) => [map(f), map(v)])),
      };
    case 'list':
    case 'set':
      return { type: entry.type, value: entry.value.map(map) };
    case 'zset':
      return { type: 'zset', value: entry.value.map(([member, score]) => [map(member), score]) };
    case 'stream':
      return { type: 'stream', value: entry.value.map(([id, fields]) => [id, fields.map(map)]) };
  }
}

const replaceAll = (from: string, to: string) => (text: string) => text.split(from).join(to);

/** Every key under `{prefix}:*`, BullMQ's included, relative to the prefix (see the contract above). */
export async function dumpKeyspace(redis: RedisClient, prefix: string): Promise<DumpedKey[]> {
  const tagged = `{${prefix}}`;
  const names = await scanAll(redis, createKeys(prefix).pattern);
  const stray = (await scanAll(redis, `*${prefix}*`)).filter((key) => !key.startsWith(`${tagged}:`));
  if (stray.length > 0) throw new Error(`keys outside the ${tagged} hash tag: ${stray.join(', ')}`);
  const problems: string[] = [];
  const relative = replaceAll(tagged, PREFIX_PLACEHOLDER);
  const check = (key: string) => (text: string) => {
    if (text.includes(PREFIX_PLACEHOLDER)) problems.push(`${key} already holds ${PREFIX_PLACEHOLDER}`);
    if (relative(text).includes(prefix)) problems.push(`${key} holds the prefix outside its braces`);
    return relative(text);
  };
  const keys: DumpedKey[] = [];
  for (const key of names) {
    const type = await redis.type(key);
    if (type === 'none') continue; // expired or removed since the scan
    const value = mapStrings(await readValue(redis, key, type), check(key));
    const pttl = await redis.pttl(key);
    keys.push({ key: relative(key), ttlMs: pttl >= 0 ? pttl : null, ...value });
  }
  if (problems.length > 0) throw new Error(`the keyspace is not prefix-independent: ${problems.join('; ')}`);
  return keys;
}

export function readKeyspaceFile(file: string): KeyspaceDump {
  const dump = JSON.parse(readFileSync(file, 'utf8')) as KeyspaceDump;
  if (!Array.isArray(dump.keys) || typeof dump.release !== 'string') {
    throw new Error(`${file} is not a keyspace dump`);
  }
  return dump;
}

export interface ClaimSummary {
  /** The `status` field of the claim's state hash. */
  status: string | undefined;
  /** Change records in the history list. */
  history: number;
  /** Evidence records in the evidence hash. */
  evidence: number;
  /** The alert cursor: the highest seq handed to the alert queue; 0 when the key is absent. */
  alerted: number;
}

export interface KeyspaceSummary {
  keys: number;
  /** By claim id, for every claim that has a state, history, evidence or alert cursor key. */
  claims: Record<string, ClaimSummary>;
}

const CLAIM_KEY = /^\{PREFIX\}:claim:([a-z0-9-]+):(state|history|evidence|alerted)$/;

/** What a dump holds per claim, read from the dump alone (no Redis). */
export function summarizeKeyspace(keys: readonly DumpedKey[]): KeyspaceSummary {
  const claims: Record<string, ClaimSummary> = {};
  for (const entry of keys) {
    const match = CLAIM_KEY.exec(entry.key);
    if (!match) continue;
    const [, id = '', part] = match;
    const claim = claims[id] ?? { status: undefined, history: 0, evidence: 0, alerted: 0 };
    claims[id] = claim;
    if (part === 'state' && entry.type === 'hash') claim.status = entry.value.status;
    if (part === 'history' && entry.type === 'list') claim.history = entry.value.length;
    if (part === 'evidence' && entry.type === 'hash') claim.evidence = Object.keys(entry.value).length;
    if (part === 'alerted' && entry.type === 'string') claim.alerted = Number(entry.value);
  }
  return { keys: keys.length, claims };
}

/**
 * Writes the dump in `file` under `prefix`, which must hold no key yet, with the dumped TTLs; returns what
 * it holds per claim. Each key is written in one MULTI, so a reader never sees half a hash.
 */
export async function loadKeyspace(
  redis: RedisClient,
  file: string,
  prefix: string,
): Promise<KeyspaceSummary> {
  const dump = readKeyspaceFile(file);
  const tagged = `{${prefix}}`;
  if ((await scanAll(redis, createKeys(prefix).pattern)).length > 0) {
    throw new Error(`prefix ${prefix} already holds keys; load a keyspace under a fresh prefix`);
  }
  const absolute = replaceAll(PREFIX_PLACEHOLDER, tagged);
  for (const dumped of dump.keys) {
    const key = absolute(dumped.key);
    const entry = mapStrings(dumped, absolute);
    const multi = redis.multi();
    switch (entry.type) {
      case 'string':
        multi.set(key, entry.value);
        break;
      case 'hash':
        multi.hset(key, entry.value);
        break;
      case 'list':
        multi.rpush(key, ...entry.value);
        break;
      case 'set':
        multi.sadd(key, ...entry.value);
        break;
      case 'zset':
        multi.zadd(key, ...entry.value.flatMap(([member, score]) => [score, member]));
        break;
      case 'stream':
        for (const [id, fields] of entry.value) multi.xadd(key, id, ...fields);
        break;
    }
    if (dumped.ttlMs !== null) multi.pexpire(key, Math.max(1, dumped.ttlMs));
    const replies = await multi.exec();
    const failed = replies?.find(([error]) => error);
    if (!replies || failed) throw new Error(`${key}: ${failed?.[0]?.message ?? 'the MULTI was aborted'}`);
  }
  return summarizeKeyspace(dump.keys);
}
