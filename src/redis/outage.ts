/**
 * Redis going away and coming back, said once each (issue "Safe to run unattended"): while Redis is down
 * every connection retries and fails every second, and logging each failure buried the one fact an
 * operator needs. The daemon's own connection stands for all of them: its first failure logs `redis.down`
 * (with the reason), its next `ready` logs `redis.up` with how long it was gone, and in between `isDown()`
 * lets the workers' error listeners stay quiet about the same outage.
 *
 * A connection that comes back to another server than the one it left — Sentinel promoted a replica, or a
 * managed Redis moved its endpoint — logs `redis.failover` instead of `redis.up`, naming both servers: one
 * line for the switch, whichever of the process's many connections noticed it first.
 */
import { errOf } from '../errors.js';
import { LOG_EVENTS, type Logger } from '../log.js';
import type { RedisClient } from './client.js';
import { describeRedis, type RedisTarget } from './connection.js';
import { isConnectionError } from './connection-error.js';

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

/** The address the connection is connected to now (a Cluster has many: undefined). */
function connectedTo(redis: RedisClient): string | undefined {
  if (redis.isCluster) return undefined;
  const stream = (redis as { stream?: { remoteAddress?: string; remotePort?: number } }).stream;
  if (!stream?.remoteAddress) return undefined;
  const host = stream.remoteAddress.includes(':') ? `[${stream.remoteAddress}]` : stream.remoteAddress;
  return `${host}:${stream.remotePort}`;
}

export function watchOutages(redis: RedisClient, logger: Logger, target: RedisTarget): RedisOutage {
  const where = describeRedis(target);
  let downSince: number | undefined;
  let lastReason: Error | undefined;
  let server = connectedTo(redis);
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
    const previous = server;
    server = connectedTo(redis) ?? previous;
    if (downSince === undefined) return;
    const downMs = Date.now() - downSince;
    downSince = undefined;
    lastReason = undefined;
    const seconds = (downMs / 1_000).toFixed(1);
    if (previous !== undefined && server !== previous) {
      logger.warn(
        { event: LOG_EVENTS.redisFailover, from: previous, to: server, downMs },
        `Redis at ${where} failed over from ${previous} to ${server}; back after ${seconds} s`,
      );
      return;
    }
    logger.warn({ event: LOG_EVENTS.redisUp, downMs }, `Redis at ${where} is back after ${seconds} s`);
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
