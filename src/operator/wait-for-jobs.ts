/**
 * Waits until BullMQ jobs reach a final state (completed, or failed with no attempts left), by reading
 * their state every `intervalMs`. Polling keeps it independent of QueueEvents streams, which a process
 * that starts after the jobs finished would miss.
 */
import type { Queue } from 'bullmq';

export interface FinishedJob<Result> {
  id: string;
  state: 'completed' | 'failed' | 'missing';
  result?: Result;
  failedReason?: string;
}

export interface WaitOptions {
  /** @defaultValue 100 */
  intervalMs?: number;
  /** Give up after this long. @defaultValue 120_000 */
  timeoutMs?: number;
}

export async function waitForJobs<Result>(
  queue: Queue,
  jobIds: readonly string[],
  options: WaitOptions = {},
): Promise<FinishedJob<Result>[]> {
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  const pending = new Set(jobIds);
  const finished = new Map<string, FinishedJob<Result>>();
  // The last state read of each unfinished job, for the timeout's message: "waiting" means no worker
  // took it, "active" that one is stuck in it, "delayed" that it is backing off.
  const lastState = new Map<string, string>();
  while (pending.size > 0) {
    for (const id of [...pending]) {
      const state = await queue.getJobState(id);
      lastState.set(id, state);
      if (state !== 'completed' && state !== 'failed' && state !== 'unknown') continue;
      // Read the job once its state is final: a job read before it completed has no return value yet.
      const job = state === 'unknown' ? undefined : await queue.getJob(id);
      if (!job) finished.set(id, { id, state: 'missing' });
      else if (state === 'completed') finished.set(id, { id, state, result: job.returnvalue as Result });
      else finished.set(id, { id, state: 'failed', failedReason: job.failedReason });
      pending.delete(id);
    }
    if (pending.size === 0) break;
    if (Date.now() > deadline) {
      const unfinished = [...pending].map((id) => `${id} (${lastState.get(id)})`).join(', ');
      throw new Error(
        `${pending.size} job(s) of queue ${queue.name} did not finish within ${options.timeoutMs ?? 120_000} ms: ${unfinished}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 100));
  }
  return jobIds.map((id) => finished.get(id) ?? { id, state: 'missing' });
}
