/**
 * Runs delayed derive-status jobs now instead of at their window's end, and waits for them: for a manual
 * `poll --wait`, the demo and replays, where nobody should wait out a settle window. Each job still derives
 * as of its own instant, so the result is the one the window's end would have given with the evidence
 * committed so far.
 */
import type { Queue } from 'bullmq';
import { type FinishedJob, type WaitOptions, waitForJobs } from './wait-for-jobs.js';

export async function settleNow<Result>(
  queue: Queue,
  jobIds: readonly string[],
  wait: WaitOptions,
): Promise<FinishedJob<Result>[]> {
  for (const id of jobIds) {
    const job = await queue.getJob(id);
    if (!job || !(await job.isDelayed())) continue;
    try {
      await job.promote();
    } catch (error) {
      // Another process promoted it, or its delay ran out meanwhile: it runs either way.
      if (await job.isDelayed()) throw error;
    }
  }
  return waitForJobs<Result>(queue, jobIds, wait);
}
