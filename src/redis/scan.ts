/**
 * Walking the keyspace by pattern (cleanup in the demo and the tests): SCAN, never KEYS, which blocks a busy
 * server. A Cluster node answers SCAN for its own slots only, so on a Cluster every primary is walked, and
 * what it finds is deleted on that node one key at a time (a multi-key command must stay in one slot).
 */
import { Cluster, type Redis } from 'ioredis';
import type { RedisClient } from './client.js';

/** The servers whose keyspaces together are the data set: the one server, or every Cluster primary. */
function keyspaces(redis: RedisClient): Redis[] {
  return redis instanceof Cluster ? redis.nodes('master') : [redis];
}

/** Calls `visit` with each batch of keys matching `pattern`, and the server that holds them. */
export async function scanKeys(
  redis: RedisClient,
  pattern: string,
  visit: (keys: string[], server: Redis) => Promise<unknown>,
): Promise<void> {
  for (const server of keyspaces(redis)) {
    let cursor = '0';
    do {
      const [next, found] = await server.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next;
      if (found.length > 0) await visit(found, server);
    } while (cursor !== '0');
  }
}

/** Every key matching `pattern`, sorted. */
export async function listKeys(redis: RedisClient, pattern: string): Promise<string[]> {
  const keys: string[] = [];
  await scanKeys(redis, pattern, async (found) => keys.push(...found));
  return keys.sort();
}

/** Deletes every key matching `pattern` (UNLINK); returns how many went. */
export async function deleteKeysLike(redis: RedisClient, pattern: string): Promise<number> {
  let removed = 0;
  await scanKeys(redis, pattern, async (found, server) => {
    if (!(redis instanceof Cluster)) {
      removed += await server.unlink(...found);
      return;
    }
    const pipeline = server.pipeline();
    for (const key of found) pipeline.unlink(key);
    for (const [error, count] of (await pipeline.exec()) ?? []) {
      if (error) throw error;
      removed += Number(count);
    }
  });
  return removed;
}
