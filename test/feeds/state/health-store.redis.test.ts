import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type FeedHealth, NEW_FEED_HEALTH } from '../../../src/feeds/state/health.js';
import { readAllFeedHealth, readFeedHealth, writeFeedHealth } from '../../../src/feeds/state/health-store.js';
import { type TestRedis, testRedis } from '../../support/redis.js';

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

    it('given the record it read before, deletes only the fields that record had', async () => {
      await writeFeedHealth(t.redis, t.keys, 'f1', FULL);
      await writeFeedHealth(t.redis, t.keys, 'f1', SPARSE, FULL);
      expect(await readFeedHealth(t.redis, t.keys, 'f1')).toEqual(SPARSE);
      // A field written by someone else since the read is left alone, not deleted blindly.
      await t.redis.hset(t.keys.feedState('f1'), 'etag', '"other"');
      await writeFeedHealth(t.redis, t.keys, 'f1', { ...SPARSE, lastPolledSlot: SLOT + 120_000 }, SPARSE);
      expect((await readFeedHealth(t.redis, t.keys, 'f1')).etag).toBe('"other"');
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
});
