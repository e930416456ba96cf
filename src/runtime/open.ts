/**
 * Assembles the pipeline's dependencies from the config directory and the environment (REDIS_URL,
 * PW_PREFIX), for the daemon and the CLI commands that talk to Redis. `close()` releases everything it
 * opened, in reverse order.
 */

import { createLedger } from '../claims/index.js';
import { type Clock, systemClock } from '../clock.js';
import { loadConfig, type PolicyWatchConfig } from '../config/load.js';
import { createLogger, type Logger } from '../log.js';
import { compileMatcher } from '../match/index.js';
import { Metrics } from '../metrics/metrics.js';
import { createQueues } from '../queue/queues.js';
import { bullConnection, type ConnectionRole, connectRedis, redisUrl } from '../redis/connection.js';
import { createKeys } from '../redis/keys.js';
import { type RedisOutage, watchOutages } from '../redis/outage.js';
import type { PipelineDeps } from './deps.js';

export interface RuntimeOptions {
  /** Loaded from `configDir` when absent. */
  config?: PolicyWatchConfig;
  configDir?: string;
  /** @defaultValue PW_PREFIX (config/env.ts) */
  prefix?: string;
  /** @defaultValue REDIS_URL (config/env.ts) */
  redisUrl?: string;
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
  redisUrl: string;
  close(): Promise<void>;
}

export async function openRuntime(options: RuntimeOptions): Promise<Runtime> {
  const config = options.config ?? loadConfig(options.configDir ?? 'config');
  const url = options.redisUrl ?? redisUrl();
  const keys = createKeys(options.prefix);
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger();
  const redis = await connectRedis(options.connectionRole ?? 'worker', url);
  const outage = watchOutages(redis, logger, url);
  const queues = createQueues(bullConnection(url), keys);
  const runtime: Runtime = {
    config,
    redis,
    keys,
    queues,
    clock,
    logger,
    redisUrl: url,
    matcher: compileMatcher(config.claims, config.lexicon),
    ledger: createLedger({ redis, keys, clock }),
    metrics: options.metrics ?? new Metrics(),
    redisOutage: outage,
    close: async () => {
      outage.stop();
      await queues.close();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
  return runtime;
}
