/**
 * Back-off and recovery through the real poll job: the wire feed answers 500 five times, then recovers,
 * while the aggregator keeps working. The scheduler's ticks are played by enqueueing `poll-feed` with
 * reason `schedule` for each minute slot (`* * * * *`) as the ManualClock advances, and the jobs run on
 * BullMQ workers in this process. A scheduled poll is removed when it completes (enqueue.ts), so its result
 * is taken from the poll worker's `completed` event.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PollResult } from '../../jobs/poll-feed.js';
import { enqueuePoll } from '../../jobs/poll-feed.js';
import { pipelineProcessors } from '../../src/app/processors.js';
import { type FeedHealth, readFeedHealth } from '../../src/feeds/state/index.js';
import { settleNow } from '../../src/operator/settle-now.js';
import { QUEUE_NAMES } from '../../src/queue/names.js';
import { createWorkers, type Workers } from '../../src/queue/workers.js';
import { feedOf, LAST_DAY } from '../support/news-replay.js';
import { openReplay, type Replay } from '../support/news-replay-run.js';

const WIRE = feedOf('wire').id;
const AGGREGATOR = feedOf('aggregator').id;
const MINUTE = 60_000;
const TOLERANCE_MS = 5_000; // shouldPoll's default: a nextPollAt this close counts as due

/**
 * The wire feed per minute slot: F<n> = failed (n consecutive failures), . = skipped (backing-off),
 * OK = fetched, 304 = not modified. The back-off jitter is seeded by the feed id and the failure count,
 * so the sequence is fixed: waits of about 1, 2, 4, 7 and 13 minutes after failures 1 to 5.
 */
const EXPECTED_WIRE_SLOTS = 'F1 F2 . F3 . . . F4 . . . . . . F5 . . . . . . . . . . . . OK 304 304';

interface Slot {
  at: number;
  /** The wire feed's health in force when the slot fired. */
  before: FeedHealth;
  wire: PollResult;
  aggregator: PollResult;
  wireAfter: FeedHealth;
  aggregatorAfter: FeedHealth;
}

let replay: Replay;
let workers: Workers | undefined;
let failuresLeft: number;
const pollResults = new Map<string, PollResult>();

beforeEach(async () => {
  replay = await openReplay('backoff');
  failuresLeft = 5;
  replay.server.intercept = (role, _req, res) => {
    if (role !== 'wire' || failuresLeft === 0) return false;
    failuresLeft -= 1;
    res.writeHead(500, { 'content-type': 'text/plain' }).end('upstream exploded');
    return true;
  };
  const { poll, derive } = pipelineProcessors(replay.runtime);
  workers = createWorkers(replay.runtime.bullConnection, replay.runtime.keys, {
    poll,
    derive,
  });
  pollResults.clear();
  const pollWorker = workers.workers.find((worker) => worker.name === QUEUE_NAMES.poll);
  pollWorker?.on('completed', (job, result: PollResult) => {
    if (job.id) pollResults.set(job.id, result);
  });
  replay.clock.set(`${LAST_DAY.date}T18:00:00Z`);
});

afterEach(async () => {
  await workers?.close();
  await replay.close();
});

const health = (feedId: string) => readFeedHealth(replay.redis.redis, replay.runtime.keys, feedId);

/** The results of these poll jobs, once the poll worker has completed them all. */
async function completedPolls(ids: string[], timeoutMs: number): Promise<PollResult[]> {
  const deadline = Date.now() + timeoutMs;
  while (!ids.every((id) => pollResults.has(id))) {
    if (Date.now() > deadline) throw new Error(`poll jobs ${ids.join(', ')} did not complete`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return ids.map((id) => pollResults.get(id) as PollResult);
}

/** One scheduler tick for both feeds at the clock's current minute; waits for the polls and their evidence. */
async function tick(): Promise<Slot> {
  const at = replay.clock.now().getTime();
  const before = await health(WIRE);
  const wait = { intervalMs: 10, timeoutMs: 20_000 };
  const ids = [
    await enqueuePoll(replay.runtime.queues, { feedId: WIRE, slot: at, reason: 'schedule' }),
    await enqueuePoll(replay.runtime.queues, { feedId: AGGREGATOR, slot: at, reason: 'schedule' }),
  ];
  const [wire, aggregator] = await completedPolls(ids, wait.timeoutMs);
  if (!wire || !aggregator) throw new Error('a poll job did not complete');
  const deriveIds = [...new Set([...wire.deriveJobIds, ...aggregator.deriveJobIds])];
  await settleNow(replay.runtime.queues.derive, deriveIds, wait);
  return {
    at,
    before,
    wire,
    aggregator,
    wireAfter: await health(WIRE),
    aggregatorAfter: await health(AGGREGATOR),
  };
}

/** Minute slots until the wire feed has failed 5 times, recovered, and been polled twice more. */
async function runUntilRecovered(): Promise<Slot[]> {
  const slots: Slot[] = [];
  let afterRecovery = 0;
  while (afterRecovery < 3) {
    if (slots.length > 60) throw new Error('the wire feed never recovered');
    const slot = await tick();
    slots.push(slot);
    if (failuresLeft === 0 && slot.wire.outcome === 'fetched') afterRecovery += 1;
    else if (afterRecovery > 0) afterRecovery += 1;
    replay.clock.advance(MINUTE);
  }
  return slots;
}

function code(slot: Slot): string {
  if (slot.wire.outcome === 'failed') return `F${slot.wireAfter.consecutiveFailures}`;
  if (slot.wire.outcome === 'skipped') return '.';
  return slot.wire.outcome === 'fetched' ? 'OK' : '304';
}

describe('feed back-off', () => {
  describe('when a feed answers 500 five times and then recovers', () => {
    it('counts the failures 1 to 5 and waits exponentially longer after each', async () => {
      const slots = await runUntilRecovered();
      const failed = slots.filter((slot) => slot.wire.outcome === 'failed');
      expect(failed.map((slot) => slot.wireAfter.consecutiveFailures)).toEqual([1, 2, 3, 4, 5]);

      const delays = failed.map((slot) => Date.parse(slot.wireAfter.nextPollAt ?? '') - slot.at);
      delays.forEach((delay, index) => {
        // Equal jitter: between half and all of one minute doubled per failure.
        const step = MINUTE * 2 ** index;
        expect(delay).toBeGreaterThanOrEqual(step / 2);
        expect(delay).toBeLessThan(step);
      });
      expect([...delays].sort((a, b) => a - b)).toEqual(delays);
      expect(new Set(delays).size).toBe(5);
      for (const slot of failed) {
        expect(slot.wireAfter.lastError).toEqual({
          code: 'FETCH_HTTP_ERROR',
          message: expect.stringContaining('500'),
        });
      }
    });

    it('skips the scheduled slots before the next poll time as backing-off, without a request', async () => {
      const slots = await runUntilRecovered();
      for (const slot of slots) {
        const due =
          slot.before.nextPollAt === undefined ||
          Date.parse(slot.before.nextPollAt) - TOLERANCE_MS <= slot.at;
        if (due) expect(slot.wire.outcome).not.toBe('skipped');
        else expect([slot.wire.outcome, slot.wire.reason]).toEqual(['skipped', 'backing-off']);
      }
      expect(slots.map(code).join(' ')).toBe(EXPECTED_WIRE_SLOTS);
      const polled = slots.filter((slot) => slot.wire.outcome !== 'skipped').length;
      expect(replay.server.hits('wire')).toBe(polled);
    });

    it('succeeds at the first due slot after the server recovers, resets the count and keeps the last error', async () => {
      const slots = await runUntilRecovered();
      const lastFailure = slots.filter((slot) => slot.wire.outcome === 'failed').at(-1) as Slot;
      const recovery = slots.find(
        (slot) => slot.at > lastFailure.at && slot.wire.outcome !== 'skipped',
      ) as Slot;
      expect(recovery.at).toBeGreaterThanOrEqual(
        Date.parse(lastFailure.wireAfter.nextPollAt ?? '') - TOLERANCE_MS,
      );
      expect(recovery.wire.outcome).toBe('fetched');
      const failedAt = new Date(lastFailure.at).toISOString();
      const recoveredAt = new Date(recovery.at).toISOString();
      expect(recovery.wireAfter).toMatchObject({
        consecutiveFailures: 0,
        lastOutcome: 'fetched',
        lastSuccessAt: recoveredAt,
        lastErrorAt: failedAt,
        lastError: { code: 'FETCH_HTTP_ERROR' },
      });
      expect(recovery.wireAfter.nextPollAt).toBeUndefined();
      // The recovered poll's items reached the claims.
      const rareEarths = await replay.runtime.ledger.getEvidence('rare-earths');
      expect(rareEarths.filter((evidence) => evidence.feedId === WIRE)).toHaveLength(3);
    });

    it('never touches the other feed: polled and healthy at every slot', async () => {
      const slots = await runUntilRecovered();
      expect(slots.map((slot) => slot.aggregator.outcome)).toEqual([
        'fetched',
        ...slots.slice(1).map(() => 'not-modified'),
      ]);
      for (const slot of slots) {
        expect(slot.aggregatorAfter.consecutiveFailures).toBe(0);
        expect(slot.aggregatorAfter.lastError).toBeUndefined();
        expect(slot.aggregatorAfter.nextPollAt).toBeUndefined();
      }
      expect(replay.server.hits('aggregator')).toBe(slots.length);
    });
  });
});
