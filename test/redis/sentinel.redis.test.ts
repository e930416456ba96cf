/**
 * policy-watch behind Sentinel on real processes (redis-topologies.ts startTestSentinel): a primary, its
 * replica and three Sentinels. The news-day replay runs through REDIS_SENTINELS; midway — while a day's
 * polls are fetching — the primary crashes (SIGKILL, after its writes reached the replica), the Sentinels
 * promote the replica, and the replay carries on: the same histories and evidence as on a single Redis,
 * nothing lost or doubled, and one `redis.failover` line naming the switch.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOG_EVENTS } from '../../src/log.js';
import { captureLogs } from '../support/log-capture.js';
import { MAX_LOG_LINE_BYTES } from '../support/log-line-limit.js';
import { type Intercept, NEWS_SCRIPT } from '../support/news-replay.js';
import { type ClaimRecord, type DayOutcome, openReplay, type Replay } from '../support/news-replay-run.js';
import { startTestSentinel, type TestSentinel } from '../support/redis-topologies.js';

let sentinel: TestSentinel;
const opened: Replay[] = [];

beforeAll(async () => {
  sentinel = await startTestSentinel();
}, 120_000);

afterAll(async () => {
  await Promise.all(opened.splice(0).map((replay) => replay.close()));
  await sentinel?.stop();
});

interface Run {
  days: DayOutcome[];
  claims: Record<string, ClaimRecord>;
}

async function replayOnce(replay: Replay): Promise<Run> {
  opened.push(replay);
  const days = await replay.runScenario();
  return { days, claims: await replay.claims() };
}

/** The day whose first feed request crashes the primary: June 23, with news in the aggregator. */
const CRASH_DAY = NEWS_SCRIPT.days[5]?.date as string;

describe('policy-watch behind Sentinel', () => {
  describe('when the primary crashes mid-replay and a replica is promoted', () => {
    let single: Run;
    let failedOver: Run;
    let crashedAt: string | undefined;
    const logs = captureLogs('debug');

    beforeAll(async () => {
      single = await replayOnce(await openReplay('sentinel-baseline'));
      const primaryBefore = await sentinel.primaryAddress();
      let replay: Replay | undefined;
      const intercept: Intercept = async () => {
        if (crashedAt || replay?.clock.now().toISOString().slice(0, 10) !== CRASH_DAY) return false;
        crashedAt = primaryBefore;
        // The poll that asked is now waiting for its feed: the primary goes away under it.
        await sentinel.crashPrimary();
        return false;
      };
      replay = await openReplay(
        'sentinel',
        { intercept },
        // The day of the crash waits for the failover (seconds; more on a loaded machine).
        { redisTarget: sentinel.topology, logger: logs.logger, waitMs: 120_000 },
      );
      failedOver = await replayOnce(replay);
    }, 300_000);

    it('crashed the primary, and the Sentinels promoted the replica', async () => {
      expect(crashedAt).toBe(`127.0.0.1:${new URL(sentinel.primary.url).port}`);
      expect(await sentinel.primaryAddress()).toBe(`127.0.0.1:${new URL(sentinel.replica.url).port}`);
    });

    it('records the histories and evidence of a single Redis: nothing lost, nothing doubled', () => {
      expect(failedOver.claims).toEqual(single.claims);
      expect(failedOver.days).toEqual(single.days);
      const changes = Object.values(failedOver.claims).reduce((sum, claim) => sum + claim.history.length, 0);
      expect(changes).toBe(12);
    });

    it('logs the switch once, as redis.failover from the old primary to the new one', () => {
      const failovers = logs.lines().filter((line) => line.event === LOG_EVENTS.redisFailover);
      expect(failovers).toEqual([
        expect.objectContaining({
          level: 40,
          from: `127.0.0.1:${new URL(sentinel.primary.url).port}`,
          to: `127.0.0.1:${new URL(sentinel.replica.url).port}`,
          downMs: expect.any(Number),
        }),
      ]);
      expect(String(failovers[0]?.msg)).toMatch(
        /^Redis at the primary "pw-primary" of the Sentinels .* failed over from /,
      );
      expect(logs.lines().filter((line) => line.event === LOG_EVENTS.redisUp)).toEqual([]);
    });

    it('logs no line over 4 KB', () => {
      for (const line of logs.text) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(MAX_LOG_LINE_BYTES);
    });
  });
});
