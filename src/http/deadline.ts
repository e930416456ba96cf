/**
 * Bounded Redis reads for the HTTP server. The daemon's connection queues commands while Redis is down
 * and retries them for ever (connection.ts, role `worker`), so an unbounded read would hang a request,
 * a probe or a scrape until Redis came back. Every read the server makes goes through here: a connection
 * that is not ready answers at once, a slow one after `timeoutMs`, both as REDIS_UNAVAILABLE.
 */

import { PolicyWatchError } from '../errors.js';
import type { RedisClient } from '../redis/client.js';

/** The reason the connection cannot serve a read now, or undefined when it is ready. */
export function redisNotReady(redis: Pick<RedisClient, 'status'>): string | undefined {
  return redis.status === 'ready' ? undefined : `the Redis connection is ${redis.status}`;
}

export async function withDeadline<T>(work: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new PolicyWatchError('REDIS_UNAVAILABLE', `${what}: Redis did not answer within ${timeoutMs} ms`),
        ),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
    // The abandoned read settles when Redis comes back; its outcome no longer matters to anyone.
    work.catch(() => undefined);
  }
}
