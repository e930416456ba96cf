/**
 * The per-(webhook, claim) order state on a real Redis (delivery/order.ts): links follow what was queued,
 * and linking or finishing a change twice — a dispatch or a delivery job run twice — changes nothing twice.
 */

import type { Queue } from 'bullmq';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { doneUpTo, finishChange, linkChange } from '../../src/delivery/order.js';
import { jobIds } from '../../src/queue/names.js';
import { type TestRedis, testRedis } from '../support/redis.js';

let redis: TestRedis;

beforeEach(async () => {
  redis = await testRedis('alert-order');
});

afterEach(async () => {
  await redis.cleanup();
});

/** Finishes `seq`; returns the ids of the jobs it looked up to wake (a stand-in queue holds none). */
async function finish(seq: number): Promise<string[]> {
  const lookedUp: string[] = [];
  const queue = {
    getJob: async (id: string) => {
      lookedUp.push(id);
      return undefined;
    },
  } as unknown as Queue;
  await finishChange(redis, queue, 'ops', { claimId: 'rare-earths', seq, after: 0 });
  return lookedUp;
}

const state = () => redis.redis.hgetall(redis.keys.webhookClaimOrder('ops', 'rare-earths'));

describe('alert order', () => {
  describe('when changes are linked', () => {
    it('makes each wait for the one queued before it, whatever the gaps in seq', async () => {
      expect(await linkChange(redis, 'ops', 'rare-earths', 3)).toBe(0);
      expect(await linkChange(redis, 'ops', 'rare-earths', 5)).toBe(3);
      expect(await state()).toEqual({ queued: '5', 'prev:3': '0', 'next:3': '5', 'prev:5': '3' });
    });

    it('answers a second link of the same change as the first, and writes nothing', async () => {
      await linkChange(redis, 'ops', 'rare-earths', 1);
      await linkChange(redis, 'ops', 'rare-earths', 2);
      const before = await state();
      expect(await linkChange(redis, 'ops', 'rare-earths', 2)).toBe(1);
      expect(await linkChange(redis, 'ops', 'rare-earths', 1)).toBe(0);
      expect(await state()).toEqual(before);
    });

    it('tells a change that is already done not to be queued again', async () => {
      await linkChange(redis, 'ops', 'rare-earths', 1);
      await finish(1);
      expect(await linkChange(redis, 'ops', 'rare-earths', 1)).toBeUndefined();
    });
  });

  describe('when a change is finished', () => {
    it('raises done, unlinks it, and names the next one once', async () => {
      await linkChange(redis, 'ops', 'rare-earths', 1);
      await linkChange(redis, 'ops', 'rare-earths', 2);
      expect(await finish(1)).toEqual([jobIds.alert('ops', 'rare-earths:2')]);
      expect(await finish(1)).toEqual([]); // a second run wakes no one
      expect(await doneUpTo(redis, 'ops', 'rare-earths')).toBe(1);
      expect(await state()).toEqual({ queued: '2', done: '1', 'prev:2': '1' });
    });

    it('never lowers done (a dead letter re-sent after later changes)', async () => {
      for (const seq of [1, 2, 3]) await linkChange(redis, 'ops', 'rare-earths', seq);
      await finish(3);
      await finish(1);
      expect(await doneUpTo(redis, 'ops', 'rare-earths')).toBe(3);
    });
  });
});
