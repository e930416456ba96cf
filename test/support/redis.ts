/**
 * A real Redis for integration tests (REDIS_URL, default 127.0.0.1:6379; .ci/run starts one when none
 * answers), or a Cluster / Sentinel-managed primary a test started (redis-topologies.ts). Each test gets its
 * own key prefix and removes every key under it afterwards, so tests can run side by side against one
 * server and leave nothing behind.
 */
import { randomBytes } from 'node:crypto';
import type { ConnectionOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { readEnv } from '../../src/config/env.js';
import {
  bullConnection,
  connectRedis,
  type RedisClient,
  type RedisTarget,
} from '../../src/redis/connection.js';
import { createKeys, type KeyBuilder } from '../../src/redis/keys.js';
import { deleteKeysLike } from '../../src/redis/scan.js';

export interface TestRedis<Client extends RedisClient = Redis> {
  redis: Client;
  keys: KeyBuilder;
  prefix: string;
  /** Where the keys live: the shared test Redis unless the test gave another. */
  target: RedisTarget;
  /** Deletes every key under the prefix and closes the connection. */
  cleanup(): Promise<void>;
}

/** The shared test Redis (REDIS_URL). */
export function testRedisUrl(): string {
  return readEnv('REDIS_URL');
}

/** BullMQ's connection options for the shared test Redis. */
export function testBullConnection(): ConnectionOptions {
  return bullConnection(testRedisUrl());
}

export function uniquePrefix(label = 't'): string {
  return `pwtest-${label}-${randomBytes(4).toString('hex')}`;
}

export async function deleteKeys(redis: RedisClient, pattern: string): Promise<void> {
  await deleteKeysLike(redis, pattern);
}

export async function testRedis(label?: string): Promise<TestRedis>;
export async function testRedis(label: string, target: RedisTarget): Promise<TestRedis<RedisClient>>;
export async function testRedis(
  label?: string,
  target: RedisTarget = testRedisUrl(),
): Promise<TestRedis<RedisClient>> {
  const prefix = uniquePrefix(label);
  const keys = createKeys(prefix);
  const redis = await connectRedis('worker', target);
  return {
    redis,
    keys,
    prefix,
    target,
    cleanup: async () => {
      await deleteKeys(redis, keys.pattern);
      redis.disconnect();
    },
  };
}
