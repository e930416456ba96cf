/**
 * The probes. /healthz: the process is up and serving (a liveness check; it touches nothing). /readyz:
 * this process can do its work now: its Redis connection answers PING, Redis will not evict our keys
 * (maxmemory-policy noeviction; on a Cluster, on every primary) and, for a role with workers, the BullMQ
 * workers are running. 503 names what is not ready, so an orchestrator's event says why.
 */

import { toPolicyWatchError } from '../errors.js';
import type { RedisClient } from '../redis/client.js';
import { checkEvictionPolicy, type EvictionSubject } from '../redis/eviction-policy.js';
import { redisNotReady, withDeadline } from './deadline.js';
import { jsonReply, type Reply } from './reply.js';

export interface ReadinessChecks {
  /** The daemon's connection; on a Cluster every primary's policy is checked. */
  redis: Pick<RedisClient, 'status' | 'ping'> & EvictionSubject;
  /** Why the workers cannot take jobs, or undefined when they run; absent for a role without workers. */
  workers?: (() => string | undefined) | undefined;
  /** Why the scheduler is not ticking, or undefined when it is; absent for a role without one. */
  scheduler?: (() => string | undefined) | undefined;
  timeoutMs: number;
}

export function healthz(): Reply {
  return jsonReply(200, { status: 'ok' });
}

async function redisCheck(redis: ReadinessChecks['redis'], timeoutMs: number): Promise<string> {
  const why = redisNotReady(redis);
  if (why) return why;
  try {
    await withDeadline(redis.ping(), timeoutMs, 'PING');
    return 'ok';
  } catch (thrown) {
    return toPolicyWatchError(thrown).message;
  }
}

/** 'ok', or why Redis may lose our data (eviction-policy.ts); asked on every probe, as an operator may change it. */
async function evictionCheck(redis: ReadinessChecks['redis'], timeoutMs: number): Promise<string> {
  try {
    const { problem } = await withDeadline(checkEvictionPolicy(redis), timeoutMs, 'INFO memory');
    return problem ?? 'ok';
  } catch (thrown) {
    return toPolicyWatchError(thrown).message;
  }
}

export async function readyz(checks: ReadinessChecks): Promise<Reply> {
  const redis = await redisCheck(checks.redis, checks.timeoutMs);
  const results: Record<string, string> = { redis };
  if (redis === 'ok') results.evictionPolicy = await evictionCheck(checks.redis, checks.timeoutMs);
  if (checks.scheduler) results.scheduler = checks.scheduler() ?? 'ok';
  if (checks.workers) results.workers = checks.workers() ?? 'ok';
  const failing = Object.entries(results).filter(([, result]) => result !== 'ok');
  if (failing.length === 0) return jsonReply(200, { status: 'ready', checks: results });
  const reason = failing.map(([name, result]) => `${name}: ${result}`).join('; ');
  return jsonReply(503, { status: 'not_ready', reason, checks: results });
}

/** The workers check for a role with workers: undefined while every BullMQ worker started is running. */
export function workersCheck(
  current: () => ReadonlyArray<{ name: string; isRunning(): boolean }> | undefined,
): () => string | undefined {
  return () => {
    const workers = current();
    if (!workers) return 'not started yet';
    const stopped = workers.filter((worker) => !worker.isRunning()).map((worker) => worker.name);
    return stopped.length === 0 ? undefined : `not running: ${stopped.join(', ')}`;
  };
}
