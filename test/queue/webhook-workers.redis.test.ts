/**
 * `setWebhooks` (SIGHUP reload) on real BullMQ workers: a removed webhook's worker closes, a new one's
 * starts, one whose timeout changed is replaced (its lock is fixed at creation), a changed concurrency is
 * applied in place. Counted by Redis's own client list, as BullMQ's getWorkersCount does.
 */
import { Queue, type Worker } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import { alertQueueName } from '../../src/queue/names.js';
import { createWorkers, type Workers } from '../../src/queue/workers.js';
import { type TestRedis, testBullConnection, testRedis } from '../support/redis.js';

let redis: TestRedis | undefined;
let workers: Workers | undefined;
const queues: Queue[] = [];

afterEach(async () => {
  await workers?.close(true);
  await Promise.all(queues.splice(0).map((queue) => queue.close()));
  await redis?.cleanup();
});

const receiver = (id: string, timeout_ms = 1_000, concurrency = 2) => ({ id, timeout_ms, concurrency });

describe('webhook workers follow the config', () => {
  it('starts, stops, replaces and resizes them', async () => {
    redis = await testRedis('webhook-workers');
    const made: Worker[] = [];
    workers = createWorkers(
      testBullConnection(),
      redis.keys,
      { alerts: async () => undefined },
      {
        webhooks: [receiver('gone'), receiver('slower'), receiver('wider')],
        legacy: false,
        onWorker: (worker) => made.push(worker),
      },
    );
    const queueOf = (id: string) => {
      const queue = new Queue(alertQueueName(id), {
        connection: testBullConnection(),
        prefix: redis?.keys.bullPrefix,
      });
      queues.push(queue);
      return queue;
    };
    const [gone, slower, wider, fresh] = ['gone', 'slower', 'wider', 'fresh'].map(queueOf) as Queue[];
    const wideWorker = workers.workers.find((worker) => worker.name === alertQueueName('wider'));
    await Promise.all(made.map((worker) => worker.waitUntilReady()));
    expect(await gone?.getWorkersCount()).toBe(1);

    await workers.setWebhooks([receiver('slower', 5_000), receiver('wider', 1_000, 7), receiver('fresh')]);
    await Promise.all(made.filter((worker) => !worker.closing).map((worker) => worker.waitUntilReady()));

    expect(await gone?.getWorkersCount()).toBe(0);
    expect(await slower?.getWorkersCount()).toBe(1);
    expect(await wider?.getWorkersCount()).toBe(1);
    expect(await fresh?.getWorkersCount()).toBe(1);
    expect(made).toHaveLength(5); // three at start, then the replaced `slower` and the new `fresh`
    const current = workers.workers.map((worker) => worker.name).sort();
    expect(current).toEqual(['fresh', 'slower', 'wider'].map(alertQueueName).sort());
    expect(workers.workers.find((worker) => worker.name === alertQueueName('wider'))).toBe(wideWorker);
    expect(wideWorker?.concurrency).toBe(7);
    const slowerWorker = workers.workers.find((worker) => worker.name === alertQueueName('slower'));
    expect(slowerWorker?.opts.lockDuration).toBeGreaterThan(5_000);
  });
});
