/**
 * Catch-up coalesced: a scheduler ticking every second while its Redis (a private redis-server the test
 * starts) is stopped for six seconds. Before, every tick's enqueue waited in the connection's offline queue
 * and all of them went out when Redis came back — one poll per missed slot. Now a feed has one enqueue in
 * flight at most: the missed slots are folded into one poll, and the wait is reported once as
 * `poll.enqueue_failed`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import type { ResolvedFeed } from '../../src/config/load.js';
import type { FoundRedis } from '../../src/demo/find-redis.js';
import { LOG_EVENTS } from '../../src/log.js';
import type { PollFeedData } from '../../src/queue/names.js';
import { createQueues, type Queues } from '../../src/queue/queues.js';
import { bullConnection } from '../../src/redis/connection.js';
import { createKeys } from '../../src/redis/keys.js';
import { type Scheduler, startScheduler } from '../../src/schedule/scheduler.js';
import { captureLogs } from '../support/log-capture.js';
import { startTestRedis } from '../support/private-redis.js';
import { uniquePrefix } from '../support/redis.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let redis: FoundRedis | undefined;
let queues: Queues | undefined;
let scheduler: Scheduler | undefined;

afterEach(async () => {
  await scheduler?.stop();
  await queues?.close();
  await redis?.stop();
  redis = undefined;
});

describe('a scheduler whose Redis is away for a while', () => {
  it('folds the slots it missed into one poll per feed, and says once that Redis is not taking them', async () => {
    redis = await startTestRedis();
    const port = Number(new URL(redis.url).port);
    const keys = createKeys(uniquePrefix('coalesce'));
    queues = createQueues(bullConnection(redis.url), keys);
    const logs = captureLogs('debug');
    const feed = { id: 'wire', schedule: '* * * * * *' } as ResolvedFeed;
    scheduler = await startScheduler(
      {
        feeds: [feed],
        queues,
        clock: new ManualClock(Date.now()),
        logger: logs.logger,
        lastPolls: async () => new Map([['wire', Date.now()]]),
      },
      { sweepSchedule: '0 0 1 1 *' },
    );
    await sleep(2_500);

    await redis.stop();
    const downAt = Date.now();
    await sleep(6_000);
    redis = await startTestRedis([], port);
    const upAt = Date.now();
    await sleep(2_500);
    await scheduler.stop();
    scheduler = undefined;

    const jobs = await queues.poll.getWaiting(0, 1_000);
    const slots = jobs.map((job) => (job.data as PollFeedData).slot).sort();
    // The private Redis came back empty (it keeps nothing on disk): what it holds was enqueued after. A tick
    // in the moments before `upAt` may already have found Redis back (it answered before upAt was taken):
    // the slots of the outage proper are those up to 1.5 s before.
    const missed = slots.filter((slot) => slot >= downAt && slot < upAt - 1_500);
    expect(missed.length).toBeLessThanOrEqual(1);
    expect(slots.filter((slot) => slot >= upAt).length).toBeGreaterThanOrEqual(1);
    const failed = logs.lines().filter((line) => line.event === LOG_EVENTS.pollEnqueueFailed);
    // Once for the enqueue that waited; a tick that was mid-send when Redis went may fail at once too.
    expect(failed.length).toBeGreaterThanOrEqual(1);
    expect(failed.length).toBeLessThanOrEqual(2);
    expect(failed.map((line) => line.feedId)).toEqual(failed.map(() => 'wire'));
  }, 60_000);
});
