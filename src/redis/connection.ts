/**
 * Redis connections. Two kinds, because BullMQ needs them to behave differently:
 * - `producer`: CLI commands and enqueueing. Fails fast (one retry, no offline queue) so a user whose Redis
 *   is down gets one clear error instead of a hang.
 * - `worker`: BullMQ Workers and the daemon. `maxRetriesPerRequest: null` is required by BullMQ for
 *   blocking commands; it reconnects for ever with a capped backoff, so a Redis restart is survived.
 */
import { Redis, type RedisOptions } from 'ioredis';
import { readEnv } from '../config/env.js';
import { PolicyWatchError } from '../errors.js';

export type ConnectionRole = 'producer' | 'worker';

/** REDIS_URL (config/env.ts), checked. */
export function redisUrl(): string {
  return readEnv('REDIS_URL');
}

const ROLE_OPTIONS: Record<ConnectionRole, RedisOptions> = {
  producer: {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    connectTimeout: 5_000,
    retryStrategy: (attempt) => (attempt > 3 ? null : 200 * attempt),
  },
  worker: {
    maxRetriesPerRequest: null,
    enableOfflineQueue: true,
    retryStrategy: (attempt) => Math.min(attempt * 500, 10_000),
  },
};

export function createRedis(role: ConnectionRole, url = redisUrl()): Redis {
  // lazyConnect lets `connect()` reject with the real reason, which connectRedis turns into one sentence.
  const redis = new Redis(url, {
    ...ROLE_OPTIONS[role],
    lazyConnect: true,
    connectionName: `policy-watch:${role}`,
  });
  // Without a listener ioredis prints "Unhandled error event" for every failed reconnect. Commands still
  // reject with the error; owners that want the events in their log add their own listener.
  redis.on('error', () => {});
  return redis;
}

/** Host and port only: a REDIS_URL may carry a password, which must never reach a log line. */
export function describeRedisUrl(url = redisUrl()): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '6379'}`;
  } catch {
    return 'an unparseable REDIS_URL';
  }
}

/** Connects and pings; rejects with one sentence that names the server and the reason. */
export async function connectRedis(role: ConnectionRole, url = redisUrl()): Promise<Redis> {
  const redis = createRedis(role, url);
  // A refused password surfaces as an 'error' event, and the command fails only with "Connection is
  // closed."; keep the event to name the real reason.
  let refused: Error | undefined;
  const onError = (error: Error) => {
    if (/^(WRONGPASS|NOAUTH|ERR AUTH|ERR invalid password)/.test(error.message)) refused = error;
  };
  redis.on('error', onError);
  try {
    await redis.connect();
    await redis.ping();
    return redis;
  } catch (error) {
    redis.disconnect();
    if (refused) {
      throw new PolicyWatchError(
        'REDIS_UNAVAILABLE',
        `Redis at ${describeRedisUrl(url)} refused the credentials in REDIS_URL (${refused.message.split(' ')[0]}): check the user and password`,
      );
    }
    const reason = error instanceof Error ? error.message : String(error);
    throw new PolicyWatchError(
      'REDIS_UNAVAILABLE',
      `cannot reach Redis at ${describeRedisUrl(url)}: ${reason}`,
    );
  } finally {
    redis.off('error', onError);
  }
}

/** BullMQ's connection options: it opens its own (blocking) connections from the URL. */
export function bullConnection(url = redisUrl()): { url: string; maxRetriesPerRequest: null } {
  return { url, maxRetriesPerRequest: null };
}
