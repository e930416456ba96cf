/**
 * A real Redis for integration tests (REDIS_URL, default 127.0.0.1:6379; .ci/run starts one when none
 * answers). Each test gets its own key prefix and removes every key under it afterwards, so tests can run
 * side by side against one server and leave nothing behind.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { connectRedis } from '../../src/redis/connection.js';
import { createKeys, type KeyBuilder } from '../../src/redis/keys.js';

export interface TestRedis {
  redis: Redis;
  keys: KeyBuilder;
  prefix: string;
  /** Deletes every key under the prefix and closes the connection. */
  cleanup(): Promise<void>;
}

export function uniquePrefix(label = 't'): string {
  return `pwtest-${label}-${randomBytes(4).toString('hex')}`;
}

export async function deleteKeys(redis: Redis, pattern: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
    cursor = next;
    if (found.length > 0) await redis.unlink(...found);
  } while (cursor !== '0');
}

export async function testRedis(label?: string): Promise<TestRedis> {
  const prefix = uniquePrefix(label);
  const keys = createKeys(prefix);
  const redis = await connectRedis('worker');
  return {
    redis,
    keys,
    prefix,
    cleanup: async () => {
      await deleteKeys(redis, keys.pattern);
      redis.disconnect();
    },
  };
}
