import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  claimSlot,
  readAllFeedHealth,
  readFeedHealth,
  writeFeedHealth,
} from '../../src/feeds/feed-state-store.js';
import { type FeedHealth, NEW_FEED_HEALTH } from '../../src/feeds/health.js';
import { connectRedis } from '../../src/redis/connection.js';
import { type TestRedis, testRedis } from '../support/redis.js';

const SLOT = Date.parse('2025-06-05T12:00:00.000Z');

const FULL: FeedHealth = {
  etag: 'W/"abc:123"',
  lastModified: 'Thu, 05 Jun 2025 11:00:00 GMT',
  lastPollAt: '2025-06-05T12:00:01.000Z',
  lastPolledSlot: SLOT,
  lastSuccessAt: '2025-06-05T11:00:01.000Z',
  lastErrorAt: '2025-06-05T12:00:01.000Z',
  lastError: { code: 'FETCH_HTTP_ERROR', message: 'The feed at example.com answered HTTP 502 Bad Gateway.' },
  consecutiveFailures: 3,
  nextPollAt: '2025-06-05T12:04:00.000Z',
  lastOutcome: 'failed',
  itemsSeen: 42,
};

const SPARSE: FeedHealth = {
  consecutiveFailures: 0,
  lastOutcome: 'not-modified',
  lastPolledSlot: SLOT + 60_000,
};

let t: TestRedis;

beforeEach(async () => {
  t = await testRedis('feedstate');
});

afterEach(async () => {
  await t.cleanup();
});

describe('feed state store', () => {
  describe('when a record is written and read back', () => {
    it.each([
      { name: 'a full record', health: FULL },
      { name: 'a sparse record', health: SPARSE },
    ])('round-trips $name', async ({ health }) => {
      await writeFeedHealth(t.redis, t.keys, 'f1', health);
      expect(await readFeedHealth(t.redis, t.keys, 'f1')).toEqual(health);
    });

    it('deletes the fields a sparse record no longer has', async () => {
      await writeFeedHealth(t.redis, t.keys, 'f1', FULL);
      await writeFeedHealth(t.redis, t.keys, 'f1', SPARSE);
      expect(await t.redis.hgetall(t.keys.feedState('f1'))).toEqual({
        consecutiveFailures: '0',
        lastOutcome: 'not-modified',
        lastPolledSlot: String(SLOT + 60_000),
      });
    });

    it('stores plain string fields, readable with redis-cli', async () => {
      await writeFeedHealth(t.redis, t.keys, 'f1', FULL);
      const hash = await t.redis.hgetall(t.keys.feedState('f1'));
      expect(hash.lastErrorCode).toBe('FETCH_HTTP_ERROR');
      expect(hash.consecutiveFailures).toBe('3');
    });

    it('never lowers the recorded slot, and keeps it when the record has none', async () => {
      await writeFeedHealth(t.redis, t.keys, 'f1', { ...SPARSE, lastPolledSlot: SLOT + 120_000 });
      await writeFeedHealth(t.redis, t.keys, 'f1', { ...SPARSE, lastPolledSlot: SLOT });
      expect((await readFeedHealth(t.redis, t.keys, 'f1')).lastPolledSlot).toBe(SLOT + 120_000);
      await writeFeedHealth(t.redis, t.keys, 'f1', { consecutiveFailures: 1 });
      expect((await readFeedHealth(t.redis, t.keys, 'f1')).lastPolledSlot).toBe(SLOT + 120_000);
    });
  });

  describe('when a feed was never polled', () => {
    it('reads as a new record', async () => {
      expect(await readFeedHealth(t.redis, t.keys, 'never')).toEqual(NEW_FEED_HEALTH);
    });
  });

  describe('when a stored field is damaged', () => {
    it('reads it as absent instead of failing', async () => {
      await t.redis.hset(t.keys.feedState('f1'), {
        consecutiveFailures: 'many',
        lastOutcome: 'exploded',
        lastErrorCode: 'NOT_A_CODE',
        lastErrorMessage: 'old',
        itemsSeen: '',
      });
      expect(await readFeedHealth(t.redis, t.keys, 'f1')).toEqual({
        consecutiveFailures: 0,
        lastError: { code: 'INTERNAL', message: 'old' },
      });
    });
  });

  describe('readAllFeedHealth', () => {
    it('reads every feed in one pipeline round trip', async () => {
      await writeFeedHealth(t.redis, t.keys, 'a', FULL);
      await writeFeedHealth(t.redis, t.keys, 'b', SPARSE);
      const pipeline = vi.spyOn(t.redis, 'pipeline');
      const single = vi.spyOn(t.redis, 'hgetall');
      const all = await readAllFeedHealth(t.redis, t.keys, ['a', 'b', 'new']);
      expect(pipeline).toHaveBeenCalledTimes(1);
      expect(single).not.toHaveBeenCalled();
      expect([...all.entries()]).toEqual([
        ['a', FULL],
        ['b', SPARSE],
        ['new', NEW_FEED_HEALTH],
      ]);
    });

    it('sends nothing for no feeds', async () => {
      expect((await readAllFeedHealth(t.redis, t.keys, [])).size).toBe(0);
    });
  });

  describe('claimSlot', () => {
    it('lets exactly one of two concurrent runs take a slot', async () => {
      const other = await connectRedis('worker');
      try {
        for (let round = 0; round < 25; round++) {
          const slot = SLOT + round * 60_000;
          const results = await Promise.all([
            claimSlot(t.redis, t.keys, 'race', slot),
            claimSlot(other, t.keys, 'race', slot),
          ]);
          expect(results.filter(Boolean)).toHaveLength(1);
        }
      } finally {
        other.disconnect();
      }
    });

    it('refuses a slot older than the recorded one, and the same one again', async () => {
      expect(await claimSlot(t.redis, t.keys, 'f1', SLOT + 60_000)).toBe(true);
      expect(await claimSlot(t.redis, t.keys, 'f1', SLOT)).toBe(false);
      expect(await claimSlot(t.redis, t.keys, 'f1', SLOT + 60_000)).toBe(false);
      expect(await claimSlot(t.redis, t.keys, 'f1', SLOT + 120_000)).toBe(true);
      expect((await readFeedHealth(t.redis, t.keys, 'f1')).lastPolledSlot).toBe(SLOT + 120_000);
    });

    it('rejects a slot that is not epoch ms', async () => {
      await expect(claimSlot(t.redis, t.keys, 'f1', 1.5)).rejects.toThrow(RangeError);
    });

    it('keeps the other fields of the record', async () => {
      await writeFeedHealth(t.redis, t.keys, 'f1', FULL);
      await claimSlot(t.redis, t.keys, 'f1', SLOT + 60_000);
      expect(await readFeedHealth(t.redis, t.keys, 'f1')).toEqual({ ...FULL, lastPolledSlot: SLOT + 60_000 });
    });
  });
});
