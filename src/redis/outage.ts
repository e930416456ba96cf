/**
 * Redis going away and coming back, said once each (issue "Safe to run unattended"): while Redis is down
 * every connection retries and fails every second, and logging each failure buried the one fact an
 * operator needs. The daemon's own connection stands for all of them: its first failure logs `redis.down`
 * (with the reason), its next `ready` logs `redis.up` with how long it was gone, and in between `isDown()`
 * lets the workers' error listeners stay quiet about the same outage.
 */
import type { Redis } from 'ioredis';
import { errOf } from '../errors.js';
import { LOG_EVENTS, type Logger } from '../log.js';
import { describeRedisUrl } from './connection.js';

export interface RedisOutage {
  isDown(): boolean;
  /**
   * Another connection's error (a worker's): a lost connection is the same outage, reported once here and
   * true is returned; anything else returns false for the caller to log.
   */
  report(error: Error): boolean;
  /** Stops watching (before an intentional close, which is no outage). */
  stop(): void;
}

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
]);

function isConnectionError(error: Error): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return (code !== undefined && CONNECTION_CODES.has(code)) || /Connection is closed/i.test(error.message);
}

export function watchOutages(redis: Redis, logger: Logger, url: string): RedisOutage {
  const where = describeRedisUrl(url);
  let downSince: number | undefined;
  let lastReason: Error | undefined;
  const markDown = () => {
    if (downSince !== undefined) return;
    downSince = Date.now();
    const err = errOf(lastReason ?? new Error('the connection closed'));
    logger.error(
      { event: LOG_EVENTS.redisDown, err: { ...err, code: 'REDIS_UNAVAILABLE' } },
      `Redis at ${where} is unreachable (${err.message}); retrying until it is back`,
    );
  };
  const onError = (error: Error) => {
    lastReason = error;
    markDown();
  };
  const onClose = () => markDown();
  const onReady = () => {
    if (downSince === undefined) return;
    const downMs = Date.now() - downSince;
    downSince = undefined;
    lastReason = undefined;
    logger.warn(
      { event: LOG_EVENTS.redisUp, downMs },
      `Redis at ${where} is back after ${(downMs / 1_000).toFixed(1)} s`,
    );
  };
  redis.on('error', onError);
  redis.on('close', onClose);
  redis.on('ready', onReady);
  return {
    isDown: () => downSince !== undefined,
    report: (error) => {
      if (!isConnectionError(error)) return downSince !== undefined;
      onError(error);
      return true;
    },
    stop: () => {
      redis.off('error', onError);
      redis.off('close', onClose);
      redis.off('ready', onReady);
    },
  };
}
