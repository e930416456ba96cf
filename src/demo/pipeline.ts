/**
 * The real pipeline, driven one replay day at a time: the production jobs (poll-feed, derive-status,
 * sweep, deliver-alert) on BullMQ workers against Redis, under the demo's own key prefix.
 *
 * Two runtimes share the prefix and the config. The pipeline's runs on the replay's ManualClock, so
 * evidence, statuses and change records carry 2025 dates. Alert deliveries run on the system clock: a
 * receiver checks `webhook-timestamp` against its own clock, and a signature stamped in 2025 would fail.
 *
 * A day's polls run side by side and record their evidence in whatever order they finish; the day's
 * derivations then run at once instead of after the settle window (settle-now.ts), each claim judged once
 * on the whole day's evidence, so the day's changes are the same on every run.
 */

import type { DeriveStatusResult } from '../../jobs/derive-status.js';
import type { PollResult } from '../../jobs/poll-feed.js';
import { enqueuePoll } from '../../jobs/poll-feed.js';
import type { SweepResult } from '../../jobs/sweep.js';
import { enqueueSweep } from '../../jobs/sweep.js';
import type { ChangeRecord } from '../claims/index.js';
import type { ManualClock } from '../clock.js';
import type { PolicyWatchConfig } from '../config/load.js';
import type { Logger } from '../log.js';
import { allAlertQueues, sumJobCounts } from '../queue/alert-queues.js';
import { createWorkers, type Workers } from '../queue/workers.js';
import type { RedisTarget } from '../redis/connection.js';
import { redisErrorLog } from '../redis/error-log.js';
import { alertBackoff } from '../runtime/alert-backoff.js';
import { openRuntime, type Runtime } from '../runtime/open.js';
import { pipelineProcessors } from '../runtime/processors.js';
import { settleNow } from '../runtime/settle-now.js';
import { type FinishedJob, waitForJobs } from '../runtime/wait-for-jobs.js';
import { dayInstant, type ReplayDay } from './replay.js';

const WAIT = { intervalMs: 10, timeoutMs: 30_000 };

export interface PipelineOptions {
  config: PolicyWatchConfig;
  /** A topology (REDIS_CLUSTER_NODES …) or a server URL. */
  redisTarget: RedisTarget;
  prefix: string;
  clock: ManualClock;
  logger: Logger;
}

export interface DayOutcome {
  date: string;
  /** Stories new to a feed this day. */
  newItems: number;
  /** Status changes this day, by evidence and by the sweep. */
  changes: ChangeRecord[];
  swept: boolean;
}

export interface DemoPipeline {
  /** On the replay's clock. */
  runtime: Runtime;
  runDay(day: ReplayDay): Promise<DayOutcome>;
  /** Resolves when no delivery is waiting, active or delayed; rejects after `timeoutMs`. */
  alertsSettled(timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

function completed<T>(jobs: FinishedJob<T>[], what: string): T[] {
  const failed = jobs.filter((job) => job.state !== 'completed' || job.result === undefined);
  if (failed.length > 0) {
    const reasons = failed.map((job) => `${job.id}: ${job.state} ${job.failedReason ?? ''}`.trim());
    throw new Error(`${what} did not complete: ${reasons.join('; ')}`);
  }
  return jobs.map((job) => job.result as T);
}

export async function openPipeline(options: PipelineOptions): Promise<DemoPipeline> {
  const { config, redisTarget, prefix, clock, logger } = options;
  const runtime = await openRuntime({ config, redisTarget, prefix, clock, logger });
  let alertRuntime: Runtime | undefined;
  let workers: Workers | undefined;
  try {
    alertRuntime = await openRuntime({ config, redisTarget, prefix, logger });
    const { poll, derive, sweep } = pipelineProcessors(runtime);
    const { alerts } = pipelineProcessors(alertRuntime);
    workers = createWorkers(
      runtime.bullConnection,
      runtime.keys,
      { poll, derive, sweep, alerts },
      {
        concurrency: { poll: 4, derive: 2, sweep: 1 },
        backoffStrategy: alertBackoff(() => config.webhooks),
        webhooks: config.webhooks,
      },
    );
    const logRedisError = redisErrorLog(logger);
    for (const worker of workers.workers) {
      worker.on('error', (error) => logRedisError(error, `worker ${worker.name}`));
    }
  } catch (error) {
    await alertRuntime?.close();
    await runtime.close();
    throw error;
  }
  const { queues } = runtime;

  const runDay = async (day: ReplayDay): Promise<DayOutcome> => {
    clock.set(dayInstant(day));
    const slot = clock.now().getTime();
    const pollIds: string[] = [];
    for (const feed of config.feeds) {
      pollIds.push(await enqueuePoll(queues, { feedId: feed.id, slot, reason: 'manual' }));
    }
    const polls = completed(await waitForJobs<PollResult>(queues.poll, pollIds, WAIT), `${day.date} polls`);
    // The feeds are local and always up: a failed poll is a bug to show, not a day to skip quietly.
    const failed = polls.filter((poll) => poll.outcome === 'failed' || poll.outcome === 'skipped');
    if (failed.length > 0) {
      const which = failed.map(
        (poll) => `${poll.feedId} ${poll.outcome}${poll.reason ? ` (${poll.reason})` : ''}`,
      );
      throw new Error(`${day.date}: ${which.join(', ')}; run with LOG_LEVEL=info to see why`);
    }
    const deriveIds = [...new Set(polls.flatMap((poll) => poll.deriveJobIds))];
    const derived = completed(
      await settleNow<DeriveStatusResult>(queues.derive, deriveIds, WAIT),
      `${day.date} derivations`,
    );
    const changes = derived.flatMap((result) => (result.change ? [result.change] : []));
    if (day.sweep) {
      const sweepId = await enqueueSweep(queues, { slot });
      const [swept] = completed(await waitForJobs<SweepResult>(queues.sweep, [sweepId], WAIT), 'sweep');
      changes.push(...(swept?.changes ?? []));
    }
    const newItems = polls.reduce((sum, poll) => sum + poll.unseen, 0);
    return { date: day.date, newItems, changes, swept: day.sweep };
  };

  const webhookIds = config.webhooks.map((webhook) => webhook.id);
  const alertsSettled = async (timeoutMs: number): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const refs = await allAlertQueues(runtime.redis, runtime.keys, queues, webhookIds);
      const counts = await sumJobCounts(refs, 'waiting', 'active', 'delayed', 'prioritized');
      if (Object.values(counts).every((count) => count === 0)) return;
      if (Date.now() > deadline) {
        throw new Error(`alert deliveries still pending after ${timeoutMs} ms: ${JSON.stringify(counts)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, WAIT.intervalMs));
    }
  };

  let closing: Promise<void> | undefined;
  return {
    runtime,
    runDay,
    alertsSettled,
    close: () => {
      closing ??= (async () => {
        await workers?.close();
        await alertRuntime?.close();
        await runtime.close();
      })();
      return closing;
    },
  };
}
