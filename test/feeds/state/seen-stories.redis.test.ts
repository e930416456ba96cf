import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { filterUnseen, markSeen, trimSeen } from '../../../src/feeds/state/seen-stories.js';
import { type TestRedis, testRedis } from '../../support/redis.js';

const T1 = Date.parse('2025-06-05T12:00:00.000Z');
const T2 = T1 + 60 * 60_000;
const STORIES = Array.from({ length: 300 }, (_, i) => `story-${String(i).padStart(3, '0')}`);

/**
 * Records the commands that touch keys under the test's prefix, via MONITOR on a connection of its own.
 * MONITOR lines arrive asynchronously, so `commands()` first sends a sentinel and waits for its echo.
 */
async function recordCommands(redis: Redis, prefix: string) {
  const monitor = await redis.monitor();
  const seen: string[][] = [];
  monitor.on('monitor', (_time: string, args: string[]) => {
    if (args.some((arg) => arg.includes(prefix))) seen.push(args);
  });
  const sentinel = `{${prefix}}:sentinel`;
  return {
    async commands(): Promise<string[]> {
      await redis.exists(sentinel);
      // MONITOR lags behind on a loaded machine (the whole suite runs beside it): wait well past poll's 1 s.
      await expect.poll(() => seen.some((args) => args.includes(sentinel)), { timeout: 10_000 }).toBe(true);
      return seen.filter((args) => !args.includes(sentinel)).map((args) => (args[0] ?? '').toLowerCase());
    },
    stop: () => monitor.disconnect(),
  };
}

let t: TestRedis;

beforeEach(async () => {
  t = await testRedis('seen');
});

afterEach(async () => {
  await t.cleanup();
});

describe('seen stories', () => {
  describe('when a poll checks and marks a few hundred stories', () => {
    it('sends one command per step, whatever the number of stories', async () => {
      const recorder = await recordCommands(t.redis, t.prefix);
      try {
        await markSeen(t.redis, t.keys, 'f1', STORIES.slice(0, 200), T1);
        const unseen = await filterUnseen(t.redis, t.keys, 'f1', STORIES);
        await trimSeen(t.redis, t.keys, 'f1', T1);
        expect(unseen).toHaveLength(100);
        expect(await recorder.commands()).toEqual(['zadd', 'zmscore', 'zremrangebyscore']);
      } finally {
        recorder.stop();
      }
    });

    it('returns the unseen ones in input order', async () => {
      await markSeen(t.redis, t.keys, 'f1', STORIES.slice(0, 200), T1);
      expect(await filterUnseen(t.redis, t.keys, 'f1', STORIES)).toEqual(STORIES.slice(200));
    });

    it('keeps each story its first-seen time and counts only new ones', async () => {
      expect(await markSeen(t.redis, t.keys, 'f1', STORIES.slice(0, 200), T1)).toBe(200);
      expect(await markSeen(t.redis, t.keys, 'f1', STORIES, T2)).toBe(100);
      expect(Number(await t.redis.zscore(t.keys.feedSeen('f1'), 'story-000'))).toBe(T1);
      expect(Number(await t.redis.zscore(t.keys.feedSeen('f1'), 'story-299'))).toBe(T2);
    });

    it('trims the stories first seen before the horizon, not at it', async () => {
      await markSeen(t.redis, t.keys, 'f1', STORIES.slice(0, 200), T1);
      await markSeen(t.redis, t.keys, 'f1', STORIES, T2);
      expect(await trimSeen(t.redis, t.keys, 'f1', T2)).toBe(200);
      expect(await filterUnseen(t.redis, t.keys, 'f1', STORIES)).toEqual(STORIES.slice(0, 200));
    });
  });

  describe('when a feed lists the same story twice', () => {
    it('reports it unseen once', async () => {
      expect(await filterUnseen(t.redis, t.keys, 'f1', ['a', 'b', 'a'])).toEqual(['a', 'b']);
      expect(await markSeen(t.redis, t.keys, 'f1', ['a', 'b', 'a'], T1)).toBe(2);
    });
  });

  describe('when feeds are separate', () => {
    it('keeps their seen sets apart', async () => {
      await markSeen(t.redis, t.keys, 'f1', ['a'], T1);
      expect(await filterUnseen(t.redis, t.keys, 'f2', ['a'])).toEqual(['a']);
    });
  });

  describe('when there are no stories', () => {
    it('sends no command', async () => {
      const recorder = await recordCommands(t.redis, t.prefix);
      try {
        expect(await filterUnseen(t.redis, t.keys, 'f1', [])).toEqual([]);
        expect(await markSeen(t.redis, t.keys, 'f1', [], T1)).toBe(0);
        expect(await recorder.commands()).toEqual([]);
      } finally {
        recorder.stop();
      }
    });
  });
});
