/**
 * The demo's pipeline: the replay driver (src/replay/driver.ts) with workers attached for the whole run
 * and the alert deliveries running from the start, and a replay day told the way the demo reports it
 * (the stories new to a feed, the status changes by evidence and by the sweep). The feeds are local and
 * always up: a poll that failed or was skipped is a bug to show, not a day to skip quietly.
 */

import type { Runtime } from '../app/open.js';
import type { ChangeRecord } from '../claims/index.js';
import type { ManualClock } from '../clock.js';
import type { PolicyWatchConfig } from '../config/load.js';
import type { Logger } from '../log.js';
import type { RedisTarget } from '../redis/connection.js';
import { openReplayDriver, type ReplayDriver } from '../replay/driver.js';
import { DAY_HOUR_UTC, type ReplayDay } from './replay.js';

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
  alertsSettled: ReplayDriver['alertsSettled'];
  close(): Promise<void>;
}

export async function openPipeline(options: PipelineOptions): Promise<DemoPipeline> {
  const driver = await openReplayDriver({
    ...options,
    dayHourUtc: DAY_HOUR_UTC,
    intervalMs: 10,
    workers: { poll: 4, derive: 2, sweep: 1 },
  });
  try {
    await driver.startAlertWorkers({ errorLevel: 'error' });
  } catch (error) {
    await driver.close();
    throw error;
  }
  const runDay = async (day: ReplayDay): Promise<DayOutcome> => {
    const { date, polls, derivations, sweep } = await driver.runDay(day);
    const failed = polls.filter((poll) => poll.outcome === 'failed' || poll.outcome === 'skipped');
    if (failed.length > 0) {
      const which = failed.map(
        (poll) => `${poll.feedId} ${poll.outcome}${poll.reason ? ` (${poll.reason})` : ''}`,
      );
      throw new Error(`${date}: ${which.join(', ')}; run with LOG_LEVEL=info to see why`);
    }
    const changes = derivations.flatMap((result) => (result.change ? [result.change] : []));
    changes.push(...(sweep?.changes ?? []));
    const newItems = polls.reduce((sum, poll) => sum + poll.unseen, 0);
    return { date, newItems, changes, swept: day.sweep };
  };
  return { runtime: driver.runtime, runDay, alertsSettled: driver.alertsSettled, close: driver.close };
}
