/**
 * waitForJobs on a real queue: the final state and result of each job, and a timeout that says which
 * jobs were left and in what state (the only clue when `poll --wait` or a replay gives up).
 */
import { Queue, Worker } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import { waitForJobs } from '../../src/operator/wait-for-jobs.js';
import { type TestRedis, testBullConnection, testRedis } from '../support/redis.js';

let redis: TestRedis | undefined;
const closing: Array<Queue | Worker> = [];

afterEach(async () => {
  await Promise.all(closing.splice(0).map((closable) => closable.close()));
  await redis?.cleanup();
});

async function openQueue(name: string): Promise<Queue> {
  redis = await testRedis('wait-for-jobs');
  const queue = new Queue(name, { connection: testBullConnection(), prefix: redis.keys.bullPrefix });
  closing.push(queue);
  return queue;
}

describe('waitForJobs', () => {
  it('returns each job in the order asked, with its result or its reason', async () => {
    const queue = await openQueue('sums');
    await queue.add('sum', { fails: false }, { jobId: 'good' });
    await queue.add('sum', { fails: true }, { jobId: 'bad' });
    const worker = new Worker(
      'sums',
      async (job) => {
        if (job.data.fails) throw new Error('no sum today');
        return 42;
      },
      { connection: testBullConnection(), prefix: redis?.keys.bullPrefix },
    );
    closing.unshift(worker);

    const done = await waitForJobs<number>(queue, ['bad', 'good', 'never-added'], { timeoutMs: 10_000 });

    expect(done).toEqual([
      { id: 'bad', state: 'failed', failedReason: 'no sum today' },
      { id: 'good', state: 'completed', result: 42 },
      { id: 'never-added', state: 'missing' },
    ]);
  });

  it('names the queue and every unfinished job with its state when it gives up', async () => {
    const queue = await openQueue('unserved');
    await queue.add('poll', {}, { jobId: 'poll-a' });
    await queue.add('poll', {}, { jobId: 'poll-b', delay: 60_000 });

    await expect(
      waitForJobs(queue, ['poll-a', 'poll-b'], { timeoutMs: 300, intervalMs: 50 }),
    ).rejects.toThrow(
      '2 job(s) of queue unserved did not finish within 300 ms: poll-a (waiting), poll-b (delayed)',
    );
  });
});
