/**
 * BullMQ's connection, for every topology (connection.ts). BullMQ opens its own connections from options
 * for one server or a Sentinel-managed primary (a Worker adds a blocking one). A Cluster cannot be
 * described by options: BullMQ takes a connected ioredis Cluster instead, shares it between every Queue
 * and Worker given it (each Worker duplicates it for its blocking commands, and closes that copy itself),
 * and never closes it: `close()` does, after the queues and workers that use it have closed. The queue
 * prefix is hash-tagged (keys.ts `{pw}:bull`), so each queue's keys live in one slot, as BullMQ requires.
 */
import type { ConnectionOptions } from 'bullmq';
import {
  bullConnection,
  connectRedis,
  type RedisTarget,
  redisTopology,
  sentinelOptions,
  topologyOf,
} from './connection.js';

export interface BullConnection {
  /** The `connection` option of every Queue and Worker. */
  connection: ConnectionOptions;
  /** Closes what this module opened (a Cluster); BullMQ closes its own connections. */
  close(): Promise<void>;
}

export async function openBullConnection(target: RedisTarget = redisTopology()): Promise<BullConnection> {
  const topology = topologyOf(target);
  if (topology.kind === 'server') {
    return { connection: bullConnection(topology.url), close: async () => {} };
  }
  if (topology.kind === 'sentinel') {
    // BullMQ requires maxRetriesPerRequest null on connections that block (it sets it on its own copies).
    // The cast: BullMQ mirrors ioredis' option types more narrowly than ioredis declares them.
    return {
      connection: { ...sentinelOptions(topology), maxRetriesPerRequest: null } as ConnectionOptions,
      close: async () => {},
    };
  }
  // The worker role: reconnects for ever and has maxRetriesPerRequest null, as BullMQ checks.
  const cluster = await connectRedis('worker', topology);
  return {
    connection: cluster,
    close: async () => {
      await cluster.quit().catch(() => cluster.disconnect());
    },
  };
}
