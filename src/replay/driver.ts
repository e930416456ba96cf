/**
 * The real pipeline, driven one replayed day at a time: the production jobs (poll-feed, derive-status,
 * sweep, deliver-alert) on BullMQ workers against Redis, under the replay's own key prefix, for the demo,
 * the tests' news days and anyone else who replays news.
 *
 * A day sets the simulated clock (clock.ts), polls every feed at that slot as a manual poll and waits for
 * the polls, then runs the derivations they asked for at once instead of after the settle window
 * (settle-now.ts: each claim judged once on the whole day's evidence, so a day's changes are the same on
 * every run), then, on a sweep day, runs the sweep. The steps run on workers attached for the driver's
 * life when `workers` is given, or else on local ones for as long as each step waits (as `policy-watch
 * poll --wait` does). Alert deliveries run on workers of their own (alert-workers.ts), started when the
 * caller wants them.
 */

import type { DeriveStatusResult } from '../../jobs/derive-status.js';
import type { PollResult } from '../../jobs/poll-feed.js';
import { enqueueSweep, type SweepResult } from '../../jobs/sweep.js';
import { openRuntime, type Runtime } from '../app/open.js';
import { pipelineProcessors } from '../app/processors.js';
import type { ManualClock } from '../clock.js';
import type { PolicyWatchConfig } from '../config/load.js';
import type { Logger } from '../log.js';
import { pollNow } from '../operator/poll-now.js';
import { type FinishedJob, waitForJobs } from '../operator/wait-for-jobs.js';
import { allAlertQueues, sumJobCounts } from '../queue/alert-queues.js';
import { createWorkers, type Workers } from '../queue/workers.js';
import type { RedisTarget } from '../redis/connection.js';
import { redisErrorLog } from '../redis/error-log.js';
import { type AlertWorkerOptions, type AlertWorkers, startAlertWorkers } from './alert-workers.js';
import { dayInstant, type ReplayDay } from './clock.js';

export interface ReplayDriverOptions {
  config: PolicyWatchConfig;
  /** A topology (REDIS_CLUSTER_NODES …) or a server URL. */
  redisTarget: RedisTarget;
  prefix: string;
  clock: ManualClock;
  logger: Logger;
  /** The hour (UTC) the clock stands at on each replayed day. */
  dayHourUtc: number;
  /** How long one step's jobs may take. @defaultValue 30_000 */
  waitMs?: number | undefined;
  /** How often a wait reads the jobs' states. @defaultValue 20 */
  intervalMs?: number | undefined;
  /**
   * Pipeline workers attached for the driver's life, with these concurrencies.
   * @defaultValue none: each step runs local workers while it waits
   */
  workers?: { poll: number; derive: number; sweep: number } | undefined;
}

export interface DayOutcome {
  date: string;
  /** In the config's feed order. */
  polls: PollResult[];
  /** The derivations of the claims the polls touched, run at once (settle-now.ts). */
  derivations: DeriveStatusResult[];
  /** Present on a sweep day. */
  sweep?: SweepResult;
}

export interface ReplayDriver {
  /** On the replay's clock. */
  runtime: Runtime;
  clock: ManualClock;
  /** Sets the clock to the day's hour, polls every feed, and sweeps on a sweep day. */
  runDay(day: ReplayDay): Promise<DayOutcome>;
  /** Polls every feed at the clock's current time (a manual poll: its own slot). */
  pollAll(): Promise<DayOutcome>;
  /** The sweep job, enqueued for the clock's current time. */
  runSweep(): Promise<SweepResult>;
  /** Delivery workers for every webhook's queue; closed by `close()`. */
  startAlertWorkers(options?: AlertWorkerOptions): Promise<AlertWorkers>;
  /** Resolves when no delivery is waiting, active or delayed in any queue; rejects after `timeoutMs`. */
  alertsSettled(timeoutMs: number): Promise<void>;
  /** Closes the workers and the runtime; the keys stay (the caller owns the prefix). */
  close(): Promise<void>;
}

function completed<T>(jobs: readonly FinishedJob<T>[], what: string): T[] {
  const failed = jobs.filter((job) => job.state !== 'completed' || job.result === undefined);
  if (failed.length > 0) {
    const reasons = failed.map((job) => `${job.id}: ${job.state} ${job.failedReason ?? ''}`.trim());
    throw new Error(`${what} did not complete: ${reasons.join('; ')}`);
  }
  return jobs.map((job) => job.result as T);
}

export async function openReplayDriver(options: ReplayDriverOptions): Promise<ReplayDriver> {
  const { config, redisTarget, prefix, clock, logger } = options;
  const wait = { timeoutMs: options.waitMs ?? 30_000, intervalMs: options.intervalMs ?? 20 };
  const runtime = await openRuntime({ config, redisTarget, prefix, clock, logger });
  let workers: Workers | undefined;
  if (options.workers) {
    const { poll, derive, sweep } = pipelineProcessors(runtime);
    workers = createWorkers(
      runtime.bullConnection,
      runtime.keys,
      { poll, derive, sweep },
      {
        concurrency: options.workers,
      },
    );
    const logRedisError = redisErrorLog(logger);
    for (const worker of workers.workers) {
      worker.on('error', (error) => logRedisError(error, `worker ${worker.name}`));
    }
  }
  const alertWorkers: AlertWorkers[] = [];
  const { queues } = runtime;
  const feedIds = config.feeds.map((feed) => feed.id);

  const pollAll = async (): Promise<DayOutcome> => {
    const date = clock.now().toISOString().slice(0, 10);
    const done = await pollNow(runtime, { feedIds, wait: true, ...wait });
    return {
      date,
      polls: completed(done.polls ?? [], `${date} polls`),
      derivations: completed(done.derivations ?? [], `${date} derivations`),
    };
  };

  const runSweep = async (): Promise<SweepResult> => {
    const jobId = await enqueueSweep(queues, { slot: clock.now().getTime() });
    const local = workers
      ? undefined
      : createWorkers(runtime.bullConnection, runtime.keys, { sweep: pipelineProcessors(runtime).sweep });
    try {
      const [swept] = completed(await waitForJobs<SweepResult>(queues.sweep, [jobId], wait), 'sweep');
      return swept as SweepResult;
    } finally {
      await local?.close();
    }
  };

  const runDay = async (day: ReplayDay): Promise<DayOutcome> => {
    clock.set(dayInstant(day, options.dayHourUtc));
    const outcome = await pollAll();
    if (day.sweep) outcome.sweep = await runSweep();
    return outcome;
  };

  const alertsSettled = async (timeoutMs: number): Promise<void> => {
    const webhookIds = runtime.config.webhooks.map((webhook) => webhook.id);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const refs = await allAlertQueues(runtime.redis, runtime.keys, queues, webhookIds);
      const counts = await sumJobCounts(refs, 'waiting', 'active', 'delayed', 'prioritized');
      if (Object.values(counts).every((count) => count === 0)) return;
      if (Date.now() > deadline) {
        throw new Error(`alert deliveries still pending after ${timeoutMs} ms: ${JSON.stringify(counts)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, wait.intervalMs));
    }
  };

  let closing: Promise<void> | undefined;
  return {
    runtime,
    clock,
    runDay,
    pollAll,
    runSweep,
    startAlertWorkers: async (workerOptions = {}) => {
      const started = await startAlertWorkers(
        { config, prefix, redisTarget },
        { ...workerOptions, logger: workerOptions.logger ?? logger },
      );
      alertWorkers.push(started);
      return started;
    },
    alertsSettled,
    close: () => {
      closing ??= (async () => {
        await Promise.all(alertWorkers.map((started) => started.close()));
        await workers?.close();
        await runtime.close();
      })();
      return closing;
    },
  };
}
