/**
 * Whether an error means the Redis connection is gone (a closed socket, no Sentinel or Cluster node
 * answering) rather than a command that failed. ioredis reports a command sent on a connection that is
 * closing as a plain Error ("Connection is closed."), which would otherwise read as an internal error: the
 * HTTP server answered 500 instead of 503 when Redis dropped between its readiness check and its read.
 */
import { PolicyWatchError, toPolicyWatchError } from '../errors.js';

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
]);

/** Errors of a connection that is gone: a closed socket, no Sentinel answering, no Cluster node answering. */
export function isConnectionError(error: Error): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return (
    (code !== undefined && CONNECTION_CODES.has(code)) ||
    /Connection is closed|All sentinels are unreachable|Failed to refresh slots cache/i.test(error.message)
  );
}

/** What was thrown, as callers show it: a lost connection is REDIS_UNAVAILABLE, with ioredis's reason. */
export function toRedisAwareError(thrown: unknown): PolicyWatchError {
  if (thrown instanceof Error && !(thrown instanceof PolicyWatchError) && isConnectionError(thrown)) {
    return new PolicyWatchError(
      'REDIS_UNAVAILABLE',
      `Redis cannot be reached: ${thrown.message}`,
      {},
      { cause: thrown },
    );
  }
  return toPolicyWatchError(thrown);
}
