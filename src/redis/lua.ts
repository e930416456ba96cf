/**
 * The project's Lua scripts, each declared once with `luaScript` and run with `runLua`. A script names
 * every key it touches in KEYS, never builds one from ARGV: Redis Cluster routes a script by its keys and
 * refuses keys of other slots, and a key it was not told about may live on another node. `runLua` takes the
 * keys apart from the arguments, so each call site says which are which, and refuses a script without keys
 * (Cluster would send it to any node). test/redis/lua-keys.redis.test.ts runs every declared script and
 * checks each key its commands touched against the KEYS it was given.
 *
 * EVALSHA first, EVAL with the source when the server does not know the script (NOSCRIPT: a first use, a
 * restarted server, a replica promoted by Sentinel — the script cache is not replicated).
 */
import { createHash } from 'node:crypto';
import type { RedisClient } from './client.js';

export interface LuaScript {
  /** Names the script in logs (redis.error's `script`). */
  readonly name: string;
  readonly source: string;
  readonly sha: string;
}

const DECLARED = new Map<string, LuaScript>();

export function sha1(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

/** Declares a script; a name names one source only. */
export function luaScript(name: string, source: string): LuaScript {
  const script = { name, source, sha: sha1(source) };
  const named = [...DECLARED.values()].find((declared) => declared.name === name);
  if (named && named.sha !== script.sha) throw new Error(`two Lua scripts are named ${name}`);
  DECLARED.set(script.sha, script);
  return script;
}

/** The declared script with this SHA1, if any (for naming a failed EVALSHA). */
export function declaredScript(sha: string): LuaScript | undefined {
  return DECLARED.get(sha);
}

/** Every script declared by the modules loaded so far. */
export function declaredScripts(): LuaScript[] {
  return [...DECLARED.values()];
}

export async function runLua(
  redis: RedisClient,
  script: LuaScript,
  keys: readonly string[],
  args: readonly (string | number | Buffer)[],
): Promise<unknown> {
  if (keys.length === 0) throw new Error(`Lua script ${script.name} was given no keys`);
  try {
    return await redis.evalsha(script.sha, keys.length, ...keys, ...args);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
    return redis.eval(script.source, keys.length, ...keys, ...args);
  }
}
