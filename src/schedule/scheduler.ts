/**
 * The scheduler: one node-cron task per feed and one for the sweep. A tick only enqueues a job whose id is
 * derived from (feed, slot), so any number of daemons may run schedulers against one Redis and each feed
 * is still polled once per slot (BullMQ keeps one job per id). At start, feeds whose last poll is older
 * than their interval are polled at once for their latest slot ("catch-up"), which is again idempotent.
 */

import { type Logger as CronLogger, createTask, type ScheduledTask } from 'node-cron';
import { enqueuePoll } from '../../jobs/poll-feed.js';
import { enqueueSweep } from '../../jobs/sweep.js';
import type { Clock } from '../clock.js';
import type { ResolvedFeed } from '../config/load.js';
import { errOf } from '../errors.js';
import { LOG_EVENTS, type Logger } from '../log.js';
import type { PollFeedData } from '../queue/names.js';
import type { Queues } from '../queue/queues.js';
import { coalescer } from './coalesce.js';
import { intervalAt, previousSlot, slotOf } from './slots.js';

export interface SchedulerDeps {
  feeds: ResolvedFeed[];
  queues: Queues;
  clock: Clock;
  logger: Logger;
  /** When each feed was last polled (ms), from the feed health records. */
  lastPolls(feedIds: string[]): Promise<Map<string, number | undefined>>;
}

export interface SchedulerOptions {
  /** When the sweep runs (quiet transitions, trimming). @defaultValue every 10 minutes */
  sweepSchedule?: string;
}

export interface Scheduler {
  /** Why it is not ticking (stopped, a task that stopped), or undefined while every task is armed. */
  notRunning(): string | undefined;
  stop(): Promise<void>;
}

/** node-cron's own warnings (missed executions, overlaps) go through pino like everything else. */
function cronLogger(logger: Logger): CronLogger {
  const log = logger.child({ component: 'node-cron' });
  return {
    info: (message) => log.info({ event: LOG_EVENTS.schedulerCron }, message),
    warn: (message) => log.warn({ event: LOG_EVENTS.schedulerCron }, message),
    error: (message, err) => log.error({ event: LOG_EVENTS.schedulerCron, err: errOf(err) }, String(message)),
    debug: (message) => log.debug({ event: LOG_EVENTS.schedulerCron }, String(message)),
  };
}

async function enqueueLogged(deps: SchedulerDeps, data: PollFeedData): Promise<void> {
  try {
    const jobId = await enqueuePoll(deps.queues, data);
    deps.logger.debug(
      { event: LOG_EVENTS.pollEnqueued, feedId: data.feedId, jobId, reason: data.reason },
      `feed ${data.feedId}: poll enqueued (${data.reason})`,
    );
  } catch (error) {
    // Redis down: this slot is lost for this replica only; the next tick or another replica enqueues it.
    deps.logger.error(
      { event: LOG_EVENTS.pollEnqueueFailed, feedId: data.feedId, err: errOf(error) },
      `feed ${data.feedId}: could not enqueue its poll`,
    );
  }
}

async function catchUp(deps: SchedulerDeps): Promise<number> {
  const now = deps.clock.now();
  const lastPolls = await deps.lastPolls(deps.feeds.map((feed) => feed.id));
  let enqueued = 0;
  for (const feed of deps.feeds) {
    const last = lastPolls.get(feed.id);
    if (last !== undefined && now.getTime() - last < intervalAt(feed.schedule, now)) continue;
    await enqueueLogged(deps, {
      feedId: feed.id,
      slot: previousSlot(feed.schedule, now),
      reason: 'catch-up',
    });
    enqueued += 1;
  }
  return enqueued;
}

export async function startScheduler(
  deps: SchedulerDeps,
  options: SchedulerOptions = {},
): Promise<Scheduler> {
  const logger = cronLogger(deps.logger);
  const folded = coalescer(deps.logger);
  const tasks: ScheduledTask[] = deps.feeds.map((feed) =>
    createTask(
      feed.schedule,
      async (context) => {
        const data = { feedId: feed.id, slot: slotOf(context.date), reason: 'schedule' as const };
        await folded.run(feed.id, data.slot, () => enqueueLogged(deps, data));
      },
      { name: `poll-${feed.id}`, timezone: 'UTC', logger },
    ),
  );
  const sweepSchedule = options.sweepSchedule ?? '*/10 * * * *';
  tasks.push(
    createTask(
      sweepSchedule,
      async (context) => {
        try {
          await enqueueSweep(deps.queues, { slot: slotOf(context.date) });
        } catch (error) {
          deps.logger.error(
            { event: LOG_EVENTS.pollEnqueueFailed, err: errOf(error) },
            'could not enqueue sweep',
          );
        }
      },
      { name: 'sweep', timezone: 'UTC', logger },
    ),
  );
  const caughtUp = await catchUp(deps);
  for (const task of tasks) await task.start();
  deps.logger.info(
    { event: LOG_EVENTS.schedulerStarted, feeds: deps.feeds.length, caughtUp, sweepSchedule },
    'scheduler started',
  );
  let stopped = false;
  return {
    notRunning: () => {
      if (stopped) return 'stopped';
      const idle = tasks.filter((task) => task.getStatus() === 'stopped' || task.getStatus() === 'destroyed');
      return idle.length === 0 ? undefined : `not ticking: ${idle.map((task) => task.name).join(', ')}`;
    },
    stop: async () => {
      stopped = true;
      for (const task of tasks) await task.destroy();
    },
  };
}
