/**
 * The alert deliveries of a replay: BullMQ workers for every webhook's queue, with the production processor
 * and back-off, on a runtime of their own that shares the replay's config and prefix but runs on the
 * system clock: a receiver checks `webhook-timestamp` against its own clock, and a signature stamped with
 * the replay's date (2025) would fail.
 */

import { openRuntime, type Runtime } from '../app/open.js';
import { pipelineProcessors } from '../app/processors.js';
import type { PolicyWatchConfig } from '../config/load.js';
import { alertBackoff } from '../delivery/backoff.js';
import type { Logger } from '../log.js';
import { createWorkers, type Workers } from '../queue/workers.js';
import type { RedisTarget } from '../redis/connection.js';
import { redisErrorLog } from '../redis/error-log.js';

export interface AlertWorkerOptions {
  /** @defaultValue the replay's logger */
  logger?: Logger | undefined;
  /** @defaultValue WorkerOptions' default */
  stalledIntervalMs?: number | undefined;
  /**
   * The level of a worker's error line. A lost lock (a delivery handed on after a stall) is one.
   * @defaultValue 'warn'
   */
  errorLevel?: 'warn' | 'error';
}

export interface AlertWorkers {
  /** Same config and prefix as the replay, on the system clock. */
  runtime: Runtime;
  workers: Workers;
  close(): Promise<void>;
}

/** Where the replay's pipeline runs: the alert workers use the same config, prefix and Redis. */
export interface ReplayTarget {
  config: PolicyWatchConfig;
  prefix: string;
  redisTarget: RedisTarget;
}

/**
 * Workers for every configured webhook's queue on a runtime the caller opened (and closes after them):
 * the production processor and back-off, worker errors logged through the runtime's logger.
 */
export function alertWorkersOn(runtime: Runtime, options: AlertWorkerOptions = {}): Workers {
  const { alerts } = pipelineProcessors(runtime);
  const workers = createWorkers(
    runtime.bullConnection,
    runtime.keys,
    { alerts },
    {
      backoffStrategy: alertBackoff(() => runtime.config.webhooks),
      webhooks: runtime.config.webhooks,
      ...(options.stalledIntervalMs === undefined ? {} : { stalledIntervalMs: options.stalledIntervalMs }),
    },
  );
  const logRedisError = redisErrorLog(runtime.logger);
  for (const worker of workers.workers) {
    worker.on('error', (error) =>
      logRedisError(error, `worker ${worker.name}`, options.errorLevel ?? 'warn'),
    );
  }
  return workers;
}

export async function startAlertWorkers(
  replay: ReplayTarget,
  options: AlertWorkerOptions & { logger: Logger },
): Promise<AlertWorkers> {
  const runtime = await openRuntime({ ...replay, logger: options.logger });
  const workers = alertWorkersOn(runtime, options);
  let closed: Promise<void> | undefined;
  return {
    runtime,
    workers,
    close: () => {
      closed ??= workers.close().then(() => runtime.close());
      return closed;
    },
  };
}
