/**
 * Redis connections, to whichever topology the environment names (config/env.ts RedisTopology): one server
 * (REDIS_URL), a Redis Cluster (REDIS_CLUSTER_NODES, through ioredis' Cluster) or the primary that Sentinels
 * manage (REDIS_SENTINELS + REDIS_SENTINEL_NAME, through ioredis' Sentinel support, which asks the
 * Sentinels for the primary on every reconnect). Two kinds, because BullMQ needs them to behave differently:
 * - `producer`: CLI commands and enqueueing. Fails fast (one retry, no offline queue) so a user whose Redis
 *   is down gets one clear error instead of a hang.
 * - `worker`: BullMQ Workers and the daemon. `maxRetriesPerRequest: null` is required by BullMQ for
 *   blocking commands; it reconnects for ever with a capped backoff, so a Redis restart (or a Sentinel
 *   failover) is survived.
 * BullMQ's own connections come from `openBullConnection` (bull-connection.ts).
 */
import { Cluster, type ClusterOptions, Redis, type RedisOptions } from 'ioredis';
import { type RedisTopology, readRedisTopology } from '../config/env.js';
import { PolicyWatchError } from '../errors.js';
import type { RedisClient } from './client.js';

export type { RedisClient };

export type ConnectionRole = 'producer' | 'worker';

/** A topology, or a server URL (tests and the demo's private redis-server). */
export type RedisTarget = RedisTopology | string;

/** REDIS_URL, REDIS_CLUSTER_NODES or REDIS_SENTINELS (config/env.ts), checked. */
export function redisTopology(): RedisTopology {
  return readRedisTopology();
}

export function topologyOf(target: RedisTarget = redisTopology()): RedisTopology {
  return typeof target === 'string' ? { kind: 'server', url: target } : target;
}

interface RoleOptions {
  maxRetriesPerRequest: number | null;
  enableOfflineQueue: boolean;
  connectTimeout?: number;
  /** The delay before reconnect attempt `attempt` (1, 2 …), or null to give up. */
  retryStrategy(attempt: number): number | null;
}

const ROLE_OPTIONS: Record<ConnectionRole, RoleOptions> = {
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

/**
 * A primary demoted to replica answers writes with READONLY until the connection is dropped; Sentinel
 * drops its clients on a failover, and this covers a client it missed, as it does a managed Redis whose
 * endpoint moved to the new primary without closing connections: reconnect (to the primary the Sentinels
 * or the DNS name now give) and resend the command (2).
 */
export const reconnectOnReadonly = (error: Error): 2 | false =>
  error.message.startsWith('READONLY') ? 2 : false;

/** ioredis options for a Sentinel-managed primary: the list's password and TLS serve both hops. */
export function sentinelOptions(topology: Extract<RedisTopology, { kind: 'sentinel' }>): RedisOptions {
  const tls = topology.tls ? { tls: {}, sentinelTLS: {}, enableTLSForSentinelMode: true } : {};
  return {
    sentinels: topology.nodes,
    name: topology.name,
    role: 'master',
    username: topology.username,
    password: topology.password,
    sentinelUsername: topology.username,
    sentinelPassword: topology.password,
    reconnectOnError: reconnectOnReadonly,
    ...tls,
  };
}

/** ioredis Cluster options: the list's password and TLS serve every node. */
export function clusterOptions(
  topology: Extract<RedisTopology, { kind: 'cluster' }>,
  role: ConnectionRole,
  connectionName: string,
): ClusterOptions {
  const { retryStrategy, enableOfflineQueue, maxRetriesPerRequest, connectTimeout } = ROLE_OPTIONS[role];
  return {
    lazyConnect: true,
    enableOfflineQueue,
    clusterRetryStrategy: retryStrategy,
    // ioredis waits 1 s for a node's CLUSTER SLOTS by default; a busy node or a loaded machine answers later,
    // and a refresh that times out leaves a connection (BullMQ's blocking copies too) without a slot map
    // until BullMQ reconnects it, up to 30 s later: no job is fetched meanwhile.
    slotsRefreshTimeout: 10_000,
    // Managed clusters announce nodes by hostnames that must reach the TLS handshake as they are.
    ...(topology.tls ? { dnsLookup: (address, callback) => callback(null, address) } : {}),
    redisOptions: {
      username: topology.username,
      password: topology.password,
      connectionName,
      maxRetriesPerRequest,
      ...(connectTimeout === undefined ? {} : { connectTimeout }),
      ...(topology.tls ? { tls: {} } : {}),
    },
  };
}

export function createRedis(role: ConnectionRole, url: string): Redis;
export function createRedis(role: ConnectionRole, target?: RedisTarget): RedisClient;
export function createRedis(role: ConnectionRole, target: RedisTarget = redisTopology()): RedisClient {
  const topology = topologyOf(target);
  const connectionName = `policy-watch:${role}`;
  // lazyConnect lets `connect()` reject with the real reason, which connectRedis turns into one sentence.
  const common = {
    ...ROLE_OPTIONS[role],
    lazyConnect: true,
    connectionName,
    reconnectOnError: reconnectOnReadonly,
  };
  const redis =
    topology.kind === 'cluster'
      ? new Cluster(topology.nodes, clusterOptions(topology, role, connectionName))
      : topology.kind === 'sentinel'
        ? new Redis({ ...common, sentinelRetryStrategy: common.retryStrategy, ...sentinelOptions(topology) })
        : new Redis(topology.url, common);
  // Without a listener ioredis prints "Unhandled error event" for every failed reconnect. Commands still
  // reject with the error; owners that want the events in their log add their own listener.
  redis.on('error', () => {});
  return redis;
}

const list = (nodes: readonly { host: string; port: number }[]) =>
  nodes.map((node) => `${node.host.includes(':') ? `[${node.host}]` : node.host}:${node.port}`).join(', ');

/**
 * Where Redis is, for a sentence that reads "Redis at …": host and port only, as every variable may carry
 * a password, which must never reach a log line.
 */
export function describeRedis(target: RedisTarget = redisTopology()): string {
  const topology = topologyOf(target);
  if (topology.kind === 'cluster') return `the Cluster nodes ${list(topology.nodes)}`;
  if (topology.kind === 'sentinel') {
    return `the primary "${topology.name}" of the Sentinels ${list(topology.nodes)}`;
  }
  if (topology.url.startsWith('/')) return topology.url;
  try {
    const parsed = new URL(topology.url);
    return `${parsed.hostname}:${parsed.port || '6379'}`;
  } catch {
    return 'an unparseable REDIS_URL';
  }
}

/** The variable that holds the topology's credentials, for a sentence that asks to fix them. */
function variableOf(topology: RedisTopology): string {
  return topology.kind === 'cluster'
    ? 'REDIS_CLUSTER_NODES'
    : topology.kind === 'sentinel'
      ? 'REDIS_SENTINELS'
      : 'REDIS_URL';
}

/**
 * A server or Sentinel primary that is a Cluster node answers every key of another node's slots with
 * MOVED: every command of a prefix hashed elsewhere fails, and BullMQ's workers retry them in a tight
 * loop. Refuse at once, naming the variable to use. INFO may be disabled (managed services): no check then.
 */
async function refuseClusterNode(redis: RedisClient, topology: RedisTopology): Promise<void> {
  if (topology.kind === 'cluster') return;
  const info = await redis.info('cluster').catch(() => '');
  if (!/^cluster_enabled:1/m.test(info)) return;
  throw new PolicyWatchError(
    'CONFIG_INVALID',
    `Redis at ${describeRedis(topology)} is a Redis Cluster node: name the cluster's nodes in REDIS_CLUSTER_NODES instead of ${variableOf(topology)}`,
  );
}

/** Connects and pings; rejects with one sentence that names the server and the reason. */
export async function connectRedis(role: ConnectionRole, url: string): Promise<Redis>;
export async function connectRedis(role: ConnectionRole, target?: RedisTarget): Promise<RedisClient>;
export async function connectRedis(
  role: ConnectionRole,
  target: RedisTarget = redisTopology(),
): Promise<RedisClient> {
  const topology = topologyOf(target);
  const redis = createRedis(role, topology);
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
  } catch (error) {
    redis.disconnect();
    if (refused) {
      throw new PolicyWatchError(
        'REDIS_UNAVAILABLE',
        `Redis at ${describeRedis(topology)} refused the credentials in ${variableOf(topology)} (${refused.message.split(' ')[0]}): check the user and password`,
      );
    }
    const reason = error instanceof Error ? error.message : String(error);
    throw new PolicyWatchError(
      'REDIS_UNAVAILABLE',
      `cannot reach Redis at ${describeRedis(topology)}: ${reason}`,
    );
  } finally {
    redis.off('error', onError);
  }
  try {
    await refuseClusterNode(redis, topology);
  } catch (error) {
    redis.disconnect();
    throw error;
  }
  return redis;
}

/** BullMQ's connection options for one server: it opens its own (blocking) connections from the URL. */
export function bullConnection(url: string): {
  url: string;
  maxRetriesPerRequest: null;
  reconnectOnError: typeof reconnectOnReadonly;
} {
  return { url, maxRetriesPerRequest: null, reconnectOnError: reconnectOnReadonly };
}
