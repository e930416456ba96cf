/**
 * The daemon: scheduler and/or workers against one Redis. `--role scheduler` only enqueues, `--role worker`
 * only processes, `all` (the default) does both; any number of each may run side by side. A worker daemon
 * runs one Worker per pipeline queue and one per configured webhook (its own queue, concurrency and lock),
 * after dropping the waiting jobs of webhooks removed from the config (delivery/leftovers.ts).
 *
 * Shutdown (graphile-worker's rule): cleanups run in reverse order of start. The first `stop()` is
 * graceful — stop ticking, let in-flight jobs finish within `drainTimeoutMs`, then close connections; a
 * job still running after the deadline is abandoned to BullMQ's stalled-job recovery, which re-runs it
 * elsewhere (every job is idempotent).
 *
 * `reload()` (SIGHUP) re-reads the config directory (reload.ts); reloads run one at a time, and none once
 * stopping has begun.
 */
import { readEnv } from '../config/env.js';
import { alertBackoff } from '../delivery/backoff.js';
import { dropRemovedWebhookJobs } from '../delivery/leftovers.js';
import { errOf, PolicyWatchError } from '../errors.js';
import { readAllFeedHealth } from '../feeds/state/index.js';
import { workersCheck } from '../http/probes.js';
import { type HttpServerOptions, startHttpServer } from '../http/server.js';
import { LOG_EVENTS } from '../log.js';
import { createWorkers, type WorkerOptions, type Workers } from '../queue/workers.js';
import { type RedisErrorLog, redisErrorLog } from '../redis/error-log.js';
import { checkEvictionPolicy } from '../redis/eviction-policy.js';
import { type Scheduler, type SchedulerOptions, startScheduler } from '../schedule/scheduler.js';
import { applyHeapPolicy } from './heap-policy.js';
import { openRuntime, type Runtime, type RuntimeOptions } from './open.js';
import { pipelineProcessors } from './processors.js';
import { type ReloadOutcome, reloadConfig } from './reload.js';

export type DaemonRole = 'all' | 'scheduler' | 'worker';

export interface DaemonOptions extends RuntimeOptions {
  /** @defaultValue 'all' */
  role?: DaemonRole;
  /** How long a graceful stop waits for in-flight jobs. @defaultValue 30_000 */
  drainTimeoutMs?: number;
  /** @defaultValue stalledIntervalMs from PW_STALLED_INTERVAL_MS when set, else WorkerOptions' defaults */
  workers?: WorkerOptions;
  scheduler?: SchedulerOptions;
  /** The HTTP server (status page, probes, metrics, API); false serves none. @defaultValue port PW_HTTP_PORT, else 8080 */
  http?: Omit<HttpServerOptions, 'workers'> | false;
}

export interface Daemon {
  runtime: Runtime;
  /** Re-reads the config directory and applies a valid config; undefined once stopping. */
  reload(): Promise<ReloadOutcome | undefined>;
  stop(): Promise<void>;
}

/** Closes the runtime and throws REDIS_EVICTION_POLICY when Redis may evict keys (eviction-policy.ts). */
async function refuseEvictingRedis(runtime: Runtime): Promise<void> {
  const { policy, problem } = await checkEvictionPolicy(runtime.redis).catch(async (error: unknown) => {
    await runtime.close();
    throw error;
  });
  if (!problem) return;
  await runtime.close();
  throw new PolicyWatchError('REDIS_EVICTION_POLICY', problem, { maxmemoryPolicy: policy });
}

/** Drops the waiting jobs of webhooks no longer configured (delivery/leftovers.ts); a failure only warns. */
async function dropLeftovers(runtime: Runtime, logRedisError: RedisErrorLog): Promise<void> {
  await dropRemovedWebhookJobs(runtime, runtime.logger).catch((error: unknown) =>
    logRedisError(error, "removed webhooks' jobs: could not drop them", 'warn'),
  );
}

/** A scheduler for the runtime's current feeds, catching up those not polled within their interval. */
function schedule(runtime: Runtime, options: SchedulerOptions | undefined): Promise<Scheduler> {
  return startScheduler(
    {
      feeds: runtime.config.feeds,
      queues: runtime.queues,
      clock: runtime.clock,
      logger: runtime.logger,
      lastPolls: async (feedIds) => {
        const health = await readAllFeedHealth(runtime.redis, runtime.keys, feedIds);
        return new Map(feedIds.map((id) => [id, Date.parse(health.get(id)?.lastPollAt ?? '') || undefined]));
      },
    },
    options,
  );
}

export async function startDaemon(options: DaemonOptions): Promise<Daemon> {
  const role = options.role ?? 'all';
  // Read before anything is opened: a bad value must not leave connections behind.
  const workerOptions: WorkerOptions = {
    stalledIntervalMs: readEnv('PW_STALLED_INTERVAL_MS'),
    ...options.workers,
  };
  const httpOptions =
    options.http === false
      ? undefined
      : {
          port: readEnv('PW_HTTP_PORT'),
          host: readEnv('PW_HTTP_HOST'),
          token: readEnv('PW_HTTP_TOKEN'),
          ...options.http,
        };
  const heapGrowingPercent = applyHeapPolicy(readEnv('PW_HEAP_GROWING_PERCENT'));
  const runtime = await openRuntime(options);
  await refuseEvictingRedis(runtime);
  const logRedisError = redisErrorLog(runtime.logger);
  let pipelineWorkers: Workers | undefined;
  let scheduler: Scheduler | undefined;
  // Listening comes first so a taken port fails the start before anything else runs; /readyz says 503
  // until the workers exist.
  const http =
    httpOptions &&
    (await startHttpServer(runtime, {
      ...httpOptions,
      workers: role === 'scheduler' ? undefined : workersCheck(() => pipelineWorkers?.workers),
      scheduler:
        role === 'worker'
          ? undefined
          : () => scheduler?.notRunning() ?? (scheduler ? undefined : 'not started yet'),
    }).catch(async (error: unknown) => {
      await runtime.close();
      throw error;
    }));
  const cleanups: Array<{ name: string; run: () => Promise<void> }> = [
    { name: 'redis', run: () => runtime.close() },
  ];
  const drainTimeoutMs = options.drainTimeoutMs ?? 30_000;

  try {
    if (role !== 'scheduler') {
      await dropLeftovers(runtime, logRedisError);
      const workers = createWorkers(runtime.bullConnection, runtime.keys, pipelineProcessors(runtime), {
        backoffStrategy: alertBackoff(() => runtime.config.webhooks),
        webhooks: runtime.config.webhooks,
        onWorker: (worker) =>
          worker.on('error', (error) => {
            // A lost connection is the outage redis.down reports once, whichever connection noticed first.
            if (runtime.redisOutage.report(error)) return;
            logRedisError(error, `worker ${worker.name}`);
          }),
        ...workerOptions,
      });
      pipelineWorkers = workers;
      cleanups.push({
        name: 'workers',
        run: async () => {
          let timer: NodeJS.Timeout | undefined;
          const deadline = new Promise<'timeout'>((resolve) => {
            timer = setTimeout(() => resolve('timeout'), drainTimeoutMs);
          });
          const drained = await Promise.race([workers.close().then(() => 'drained' as const), deadline]);
          clearTimeout(timer);
          if (drained === 'timeout') await workers.close(true);
        },
      });
    }
    if (role !== 'worker') {
      scheduler = await schedule(runtime, options.scheduler);
      cleanups.push({ name: 'scheduler', run: async () => scheduler?.stop() });
    }
  } catch (error) {
    // A start that fails halfway (a schedule the scheduler cannot run, Redis gone) must not leave workers
    // or a server running without the rest: close what was started, then report.
    if (http) await http.close().catch(() => undefined);
    for (const cleanup of [...cleanups].reverse()) await cleanup.run().catch(() => undefined);
    throw error;
  }
  // Last in, so first out: stop accepting requests before the scheduler and the workers stop.
  if (http) cleanups.push({ name: 'http', run: () => http.close() });
  runtime.logger.info(
    {
      event: LOG_EVENTS.daemonStarted,
      role,
      feeds: runtime.config.feeds.length,
      claims: runtime.config.claims.length,
      prefix: runtime.keys.prefix,
      heapGrowingPercent,
    },
    `policy-watch started (${role})`,
  );

  let stopping: Promise<void> | undefined;
  let reloads: Promise<unknown> = Promise.resolve();
  return {
    runtime,
    reload: () => {
      const run = async () => {
        if (stopping) return undefined;
        return reloadConfig(runtime, {
          webhooks: pipelineWorkers
            ? async (config) => {
                await pipelineWorkers?.setWebhooks(config.webhooks);
                await dropLeftovers(runtime, logRedisError);
              }
            : undefined,
          schedule:
            role === 'worker'
              ? undefined
              : async () => {
                  // The new schedule starts before the old one stops: a tick in between is enqueued twice
                  // under one job id, which BullMQ keeps once.
                  const previous = scheduler;
                  scheduler = await schedule(runtime, options.scheduler);
                  await previous?.stop();
                },
        });
      };
      const next = reloads.then(run);
      reloads = next.catch(() => undefined);
      return next;
    },
    stop: () => {
      stopping ??= (async () => {
        runtime.logger.info({ event: LOG_EVENTS.daemonStopping }, 'stopping: draining in-flight jobs');
        // A reload halfway through could start a scheduler after its cleanup ran: let it finish first.
        await reloads;
        for (const cleanup of cleanups.reverse()) {
          try {
            await cleanup.run();
          } catch (error) {
            runtime.logger.warn(
              { event: LOG_EVENTS.daemonStopping, cleanup: cleanup.name, err: errOf(error) },
              'cleanup failed',
            );
          }
        }
        runtime.logger.info({ event: LOG_EVENTS.daemonStopped }, 'stopped');
        runtime.logger.flush();
      })();
      return stopping;
    },
  };
}
