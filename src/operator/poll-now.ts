/**
 * `policy-watch poll`: enqueue a manual poll of the chosen feeds now and, with `wait`, return when the
 * polls are processed and the claims they touched are derived. A manual poll with `wait` does not wait out
 * the settle window: the operator asked for the status now, so its derive-status jobs are promoted (they
 * still derive as of their window's end, and the window is marked derived, so later polls of it schedule
 * the next window). When no worker is attached to the queues (no daemon running), this process runs the
 * same workers itself for as long as it waits.
 */
import type { DeriveStatusResult } from '../../jobs/derive-status.js';
import type { PollResult } from '../../jobs/poll-feed.js';
import { enqueuePoll } from '../../jobs/poll-feed.js';
import type { Runtime } from '../app/open.js';
import { pipelineProcessors } from '../app/processors.js';
import { createWorkers, type Workers } from '../queue/workers.js';
import { settleNow } from './settle-now.js';
import { type FinishedJob, waitForJobs } from './wait-for-jobs.js';

export interface PollNowOptions {
  feedIds: string[];
  wait: boolean;
  /** @defaultValue 300_000 */
  timeoutMs?: number;
  /** How often the wait reads the jobs' states. @defaultValue waitForJobs' (100) */
  intervalMs?: number;
}

export interface PollNowResult {
  pollJobIds: string[];
  /** Present with `wait`. */
  polls?: FinishedJob<PollResult>[];
  /** Present with `wait`: the derivations of the claims the polls touched. */
  derivations?: FinishedJob<DeriveStatusResult>[];
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
    const { poll, derive } = pipelineProcessors(runtime);
    local = createWorkers(runtime.bullConnection, runtime.keys, { poll, derive });
  }
  try {
    const wait = { timeoutMs: options.timeoutMs ?? 300_000, intervalMs: options.intervalMs };
    const polls = await waitForJobs<PollResult>(runtime.queues.poll, pollJobIds, wait);
    const deriveIds = [...new Set(polls.flatMap((poll) => poll.result?.deriveJobIds ?? []))];
    const derivations = await settleNow<DeriveStatusResult>(runtime.queues.derive, deriveIds, wait);
    return { pollJobIds, polls, derivations, ranLocalWorkers: local !== undefined };
  } finally {
    await local?.close();
  }
}
