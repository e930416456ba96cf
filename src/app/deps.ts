/**
 * What a job needs, passed in as one object (never imported as singletons), so tests and the demo run the
 * production jobs against their own Redis prefix, config and clock.
 */

import type { Ledger } from '../claims/index.js';
import type { Clock } from '../clock.js';
import type { PolicyWatchConfig } from '../config/load.js';
import type { Logger } from '../log.js';
import type { Matcher } from '../match/types.js';
import type { Metrics } from '../metrics/metrics.js';
import type { Queues } from '../queue/queues.js';
import type { RedisClient } from '../redis/client.js';
import type { KeyBuilder } from '../redis/keys.js';

export interface PipelineDeps {
  config: PolicyWatchConfig;
  /** For plain commands; BullMQ opens its own connections. */
  redis: RedisClient;
  keys: KeyBuilder;
  queues: Queues;
  matcher: Matcher;
  ledger: Ledger;
  clock: Clock;
  logger: Logger;
  /** Counters the jobs bump, served on /metrics. @defaultValue none: nothing is counted */
  metrics?: Metrics;
}
