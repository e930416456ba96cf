/**
 * Typed enqueueing with deterministic job ids (names.ts): enqueueing the same poll slot, the same
 * (claim, settle window) derivation or the same sweep slot twice — from two replicas, or a job run twice —
 * adds one job.
 */
import { type DeriveStatusData, JOB_NAMES, jobIds, type PollFeedData, type SweepData } from './names.js';
import type { Queues } from './queues.js';

/**
 * A scheduled or catch-up poll is removed once it completes: its outcome is in the feed's health record and
 * the logs, a replica's duplicate of the same slot that arrives afterwards finds the slot recorded there
 * (lastPolledSlot) and skips, and keeping ~100,000 polls a day would cost BullMQ five more Redis commands
 * per poll to store and trim them. A manual poll is kept: `poll --wait` reads its result. Failed polls are
 * kept either way (queues.ts).
 */
export async function enqueuePoll(queues: Queues, data: PollFeedData): Promise<string> {
  const jobId = jobIds.poll(data);
  const removeOnComplete = data.reason === 'manual' ? {} : { removeOnComplete: true };
  await queues.poll.add(JOB_NAMES.pollFeed, data, { jobId, ...removeOnComplete });
  return jobId;
}

/**
 * The derivation of one claim at the end of its settle window, delayed until then (`delayMs`). Every poll
 * of the window asks for the same job id, so the claim is derived once for all of them.
 */
export async function enqueueDerive(
  queues: Queues,
  data: DeriveStatusData,
  delayMs: number,
): Promise<string> {
  const jobId = jobIds.derive(data);
  await queues.derive.add(JOB_NAMES.deriveStatus, data, { jobId, delay: Math.max(0, delayMs) });
  return jobId;
}

export async function enqueueSweep(queues: Queues, data: SweepData): Promise<string> {
  const jobId = jobIds.sweep(data.slot);
  await queues.sweep.add(JOB_NAMES.sweep, data, { jobId });
  return jobId;
}
