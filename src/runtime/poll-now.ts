/**
 * `policy-watch poll`: enqueue a manual poll of the chosen feeds now and, with `wait`, return when the
 * polls and the evidence they produced are processed. When no worker is attached to the queues (no daemon
 * running), this process runs the same workers itself for as long as it waits.
 */
import type { PollResult } from '../../jobs/poll-feed.js';
import type { RecordEvidenceResult } from '../../jobs/record-evidence.js';
import { enqueuePoll } from '../queue/enqueue.js';
import { createWorkers, type Workers } from '../queue/workers.js';
import { bullConnection } from '../redis/connection.js';
import type { Runtime } from './open.js';
import { pipelineProcessors } from './processors.js';
import { type FinishedJob, waitForJobs } from './wait-for-jobs.js';

export interface PollNowOptions {
  feedIds: string[];
  wait: boolean;
  /** @defaultValue 300_000 */
  timeoutMs?: number;
}

export interface PollNowResult {
  pollJobIds: string[];
  /** Present with `wait`. */
  polls?: FinishedJob<PollResult>[];
  evidence?: FinishedJob<RecordEvidenceResult>[];
  /** Whether this process ran the workers itself. */
  ranLocalWorkers: boolean;
}

export async function pollNow(runtime: Runtime, options: PollNowOptions): Promise<PollNowResult> {
  const slot = runtime.clock.now().getTime();
  const pollJobIds: string[] = [];
  for (const feedId of options.feedIds) {
    pollJobIds.push(await enqueuePoll(runtime.queues, { feedId, slot, reason: 'manual' }));
  }
  if (!options.wait) return { pollJobIds, ranLocalWorkers: false };

  const attached = await runtime.queues.poll.getWorkersCount();
  let local: Workers | undefined;
  if (attached === 0) {
    const { poll, evidence } = pipelineProcessors(runtime);
    local = createWorkers(bullConnection(runtime.redisUrl), runtime.keys, { poll, evidence });
  }
  try {
    const wait = { timeoutMs: options.timeoutMs ?? 300_000 };
    const polls = await waitForJobs<PollResult>(runtime.queues.poll, pollJobIds, wait);
    const evidenceIds = polls.flatMap((poll) => poll.result?.evidenceJobIds ?? []);
    const evidence = await waitForJobs<RecordEvidenceResult>(runtime.queues.evidence, evidenceIds, wait);
    return { pollJobIds, polls, evidence, ranLocalWorkers: local !== undefined };
  } finally {
    await local?.close();
  }
}
