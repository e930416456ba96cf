/**
 * Assembles the pipeline's dependencies from the config directory and the environment (REDIS_URL or
 * REDIS_CLUSTER_NODES or REDIS_SENTINELS, PW_PREFIX), for the daemon and the CLI commands that talk to
 * Redis. `close()` releases everything it opened, in reverse order.
 */
import type { ConnectionOptions } from 'bullmq';

import { createLedger } from '../claims/index.js';
import { type Clock, systemClock } from '../clock.js';
import type { RedisTopology } from '../config/env.js';
import { loadConfig, type PolicyWatchConfig } from '../config/load.js';
import { createLogger, type Logger } from '../log.js';
import { compileMatcher } from '../match/index.js';
import { Metrics } from '../metrics/metrics.js';
import { createQueues } from '../queue/queues.js';
import { openBullConnection } from '../redis/bull-connection.js';
import {
  type ConnectionRole,
  connectRedis,
  type RedisTarget,
  redisTopology,
  topologyOf,
} from '../redis/connection.js';
import { createKeys } from '../redis/keys.js';
import { type RedisOutage, watchOutages } from '../redis/outage.js';
import type { PipelineDeps } from './deps.js';

export interface RuntimeOptions {
  /** Loaded from `configDir` when absent. */
  config?: PolicyWatchConfig;
  configDir?: string;
  /** @defaultValue PW_PREFIX (config/env.ts) */
  prefix?: string;
  /** A topology, or a server URL. @defaultValue REDIS_URL, REDIS_CLUSTER_NODES or REDIS_SENTINELS (config/env.ts) */
  redisTarget?: RedisTarget;
  /** @defaultValue the system clock */
  clock?: Clock;
  /** @defaultValue a pino logger on stdout */
  logger?: Logger;
  /** `producer` for CLI commands (fail fast), `worker` for the daemon (reconnect for ever). @defaultValue 'worker' */
  connectionRole?: ConnectionRole;
  /** @defaultValue a new Metrics on its own registry */
  metrics?: Metrics;
}

export interface Runtime extends PipelineDeps {
  /** Whether the daemon's Redis connection is down right now (redis/outage.ts). */
  redisOutage: RedisOutage;
  metrics: Metrics;
  /** Where Redis is: one server, a Cluster or a Sentinel-managed primary. */
  redisTopology: RedisTopology;
  /**
   * The `connection` of every BullMQ Queue and Worker made for this runtime (redis/bull-connection.ts);
   * a Cluster's is shared and closed by `close()`, so close such Workers before the runtime.
   */
  bullConnection: ConnectionOptions;
  close(): Promise<void>;
}

export async function openRuntime(options: RuntimeOptions): Promise<Runtime> {
  const config = options.config ?? loadConfig(options.configDir ?? 'config');
  const topology = topologyOf(options.redisTarget ?? redisTopology());
  const keys = createKeys(options.prefix);
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger();
  const redis = await connectRedis(options.connectionRole ?? 'worker', topology);
  const bull = await openBullConnection(topology).catch((error: unknown) => {
    redis.disconnect();
    throw error;
  });
  const outage = watchOutages(redis, logger, topology);
  const queues = createQueues(bull.connection, keys);
  const runtime: Runtime = {
    config,
    redis,
    keys,
    queues,
    clock,
    logger,
    redisTopology: topology,
    bullConnection: bull.connection,
    matcher: compileMatcher(config.claims, config.lexicon),
    ledger: createLedger({ redis, keys, clock }),
    metrics: options.metrics ?? new Metrics(),
    redisOutage: outage,
    close: async () => {
      outage.stop();
      await queues.close();
      await bull.close();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
  return runtime;
}
