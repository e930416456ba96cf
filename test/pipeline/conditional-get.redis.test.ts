/**
 * The 304 cycle: after a full poll, polling feeds that have not changed sends the stored ETag, gets 304
 * from every feed, queues no evidence job and leaves the evidence exactly as it was.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFeedHealth } from '../../src/feeds/state/index.js';
import { FEED_IDS, LAST_DAY } from '../support/news-replay.js';
import { openReplay, type Replay } from '../support/news-replay-run.js';

let replay: Replay;

beforeEach(async () => {
  replay = await openReplay('conditional');
});

afterEach(async () => {
  await replay.close();
});

async function evidenceHashes(): Promise<Record<string, Record<string, string>>> {
  const out: Record<string, Record<string, string>> = {};
  for (const claim of replay.runtime.config.claims) {
    out[claim.id] = await replay.redis.redis.hgetall(replay.runtime.keys.claimEvidence(claim.id));
  }
  return out;
}

describe('poll-feed', () => {
  describe('when every feed is polled again and none has changed', () => {
    it('gets 304 for every feed, asks for no derivation and writes no evidence', async () => {
      replay.clock.set(`${LAST_DAY.date}T18:00:00Z`);
      const full = await replay.pollAll();
      expect(full.polls.map((poll) => poll.outcome)).toEqual(['fetched', 'fetched', 'fetched']);
      const deriveJobs = await replay.runtime.queues.derive.getJobCounts();
      const evidence = await evidenceHashes();
      const etags = await Promise.all(
        FEED_IDS.map(async (id) => (await readFeedHealth(replay.redis.redis, replay.runtime.keys, id)).etag),
      );
      const requestsBefore = replay.server.responses.length;

      replay.clock.advance(15 * 60_000);
      const again = await replay.pollAll();

      expect(again.polls.map((poll) => [poll.feedId, poll.outcome, poll.items, poll.deriveJobIds])).toEqual(
        FEED_IDS.map((id) => [id, 'not-modified', 0, []]),
      );
      expect(again.derivations).toEqual([]);
      expect(await replay.runtime.queues.derive.getJobCounts()).toEqual(deriveJobs);
      expect(await evidenceHashes()).toEqual(evidence);
      // Each feed was asked once, with the ETag it gave last time, and answered 304.
      const second = replay.server.requests.slice(requestsBefore);
      expect(second.map((request) => request.headers['if-none-match']).sort()).toEqual([...etags].sort());
      expect(replay.server.responses.slice(requestsBefore).map((response) => response.status)).toEqual([
        304, 304, 304,
      ]);
    });

    it('records the 304 as a success and keeps the validators and item count of the last 200', async () => {
      replay.clock.set(`${LAST_DAY.date}T18:00:00Z`);
      await replay.pollAll();
      const before = await readFeedHealth(replay.redis.redis, replay.runtime.keys, FEED_IDS[0] as string);

      replay.clock.advance(15 * 60_000);
      await replay.pollAll();

      const after = await readFeedHealth(replay.redis.redis, replay.runtime.keys, FEED_IDS[0] as string);
      const at = replay.clock.now().toISOString();
      expect(after).toEqual({
        ...before,
        lastPollAt: at,
        lastSuccessAt: at,
        lastPolledSlot: replay.clock.now().getTime(),
        lastOutcome: 'not-modified',
      });
      expect(before).toMatchObject({ lastOutcome: 'fetched', itemsSeen: 9, consecutiveFailures: 0 });
      expect(before.etag).toMatch(/^"[0-9a-f]{16}"$/);
    });
  });
});
