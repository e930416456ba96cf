/**
 * One poll cycle of the pipeline benchmark against the real workers: enqueue one scheduled poll per feed
 * (as the scheduler's cron ticks do, each its own `add`), then wait until every poll is finished. A poll
 * records its evidence itself, in one script (jobs/poll-feed.ts), so a poll that recorded evidence has
 * recorded it when it finishes: "evidence recorded" is the poll job's `finishedOn`.
 *
 * The derive-status jobs the polls asked for (PollResult.deriveJobIds, one per claim and settle window,
 * delayed to the window's end) are left delayed; `waitDerivations` waits for the ones named to finish once
 * the caller has promoted them. Completion comes from the workers' own `completed` / `failed` events, so
 * waiting adds no Redis commands to the counts.
 */
import type { Job, Worker } from 'bullmq';
import type { DeriveStatusResult } from '../../jobs/derive-status.js';
import type { PollResult } from '../../jobs/poll-feed.js';
import { enqueuePoll } from '../../jobs/poll-feed.js';
import type { Runtime } from '../../src/app/open.js';
import { type DeriveStatusData, jobIds, type PollFeedData, QUEUE_NAMES } from '../../src/queue/names.js';

/** BullMQ's timestamps of one finished poll (ms since epoch) and what it reported. */
export interface PollTimes {
  jobId: string;
  feedId: string;
  enqueuedAt: number;
  startedAt: number;
  finishedAt: number;
  result: PollResult | undefined;
}

export interface CycleJobs {
  /** Date.now() just before the first poll was enqueued. */
  startedAt: number;
  polls: PollResult[];
  pollFailures: number;
  times: PollTimes[];
  /** Distinct derive-status job ids the polls asked for (they are delayed: nothing has derived yet). */
  deriveJobIds: string[];
}

export interface DeriveFinished {
  jobId: string;
  claimId: string;
  at: number;
  finishedAt: number;
  result: DeriveStatusResult | undefined;
}

export interface JobTracker {
  /** Resolves when `pollIds` are finished. */
  wait(pollIds: string[], timeoutMs: number, startedAt: number): Promise<CycleJobs>;
  /** Resolves when the derive-status jobs `ids` are finished (completed, or failed for good). */
  waitDerivations(ids: readonly string[], timeoutMs: number): Promise<DeriveFinished[]>;
  /** Attempts that failed and will be retried, since the tracker started. */
  retries(): number;
}

interface CycleState {
  pending: Set<string>;
  jobs: CycleJobs;
  done: () => void;
}

function finalFailure(job: Job): boolean {
  return job.attemptsMade >= (job.opts.attempts ?? 1);
}

function withTimeout<T>(run: (resolve: (value: T) => void) => void, timeoutMs: number, what: () => string) {
  let timer: NodeJS.Timeout | undefined;
  return new Promise<T>((resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what()} within ${timeoutMs} ms`)), timeoutMs).unref();
    run((value) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}

export function trackJobs(workers: Worker[]): JobTracker {
  let current: CycleState | undefined;
  let retries = 0;
  const derived = new Map<string, DeriveFinished>();
  let onDerived: (() => void) | undefined;

  const pollFinished = (job: Job<PollFeedData>, result: PollResult | undefined) => {
    const cycle = current;
    if (!cycle || !job.id || !cycle.pending.delete(job.id)) return;
    cycle.jobs.times.push({
      jobId: job.id,
      feedId: job.data.feedId,
      enqueuedAt: job.timestamp,
      startedAt: job.processedOn ?? Date.now(),
      finishedAt: job.finishedOn ?? Date.now(),
      result,
    });
    if (result) cycle.jobs.polls.push(result);
    else cycle.jobs.pollFailures++;
    if (cycle.pending.size === 0) cycle.done();
  };
  const deriveFinished = (job: Job<DeriveStatusData>, result: DeriveStatusResult | undefined) => {
    if (!job.id) return;
    const { claimId, at } = job.data;
    derived.set(job.id, { jobId: job.id, claimId, at, finishedAt: job.finishedOn ?? Date.now(), result });
    onDerived?.();
  };

  for (const worker of workers) {
    if (worker.name === QUEUE_NAMES.poll) {
      worker.on('completed', (job: Job<PollFeedData>, result: PollResult) => pollFinished(job, result));
      worker.on('failed', (job: Job<PollFeedData> | undefined) => {
        if (job && finalFailure(job)) pollFinished(job, undefined);
        else retries++;
      });
    } else if (worker.name === QUEUE_NAMES.derive) {
      worker.on('completed', (job: Job<DeriveStatusData>, result: DeriveStatusResult) =>
        deriveFinished(job, result),
      );
      worker.on('failed', (job: Job<DeriveStatusData> | undefined) => {
        if (job && finalFailure(job)) deriveFinished(job, undefined);
        else retries++;
      });
    }
  }

  return {
    retries: () => retries,
    wait: async (pollIds, timeoutMs, startedAt) => {
      const jobs: CycleJobs = { startedAt, polls: [], pollFailures: 0, times: [], deriveJobIds: [] };
      await withTimeout<void>(
        (resolve) => {
          current = { pending: new Set(pollIds), jobs, done: () => resolve() };
        },
        timeoutMs,
        () => `cycle did not finish: ${current?.pending.size} poll(s) pending`,
      );
      current = undefined;
      jobs.deriveJobIds = [...new Set(jobs.polls.flatMap((poll) => poll.deriveJobIds))];
      return jobs;
    },
    waitDerivations: async (ids, timeoutMs) => {
      const left = () => ids.filter((id) => !derived.has(id));
      try {
        await withTimeout<void>(
          (resolve) => {
            onDerived = () => {
              if (left().length === 0) resolve();
            };
            onDerived();
          },
          timeoutMs,
          () => `${left().length} derive-status job(s) did not finish`,
        );
      } finally {
        onDerived = undefined;
      }
      return ids.map((id) => derived.get(id) as DeriveFinished);
    },
  };
}

/** Enqueues one scheduled poll per feed, all at once, and waits for the cycle to finish. */
export async function runPolls(
  runtime: Runtime,
  tracker: JobTracker,
  feedIds: string[],
  slot: number,
  timeoutMs = 120_000,
): Promise<CycleJobs> {
  const data = feedIds.map((feedId): PollFeedData => ({ feedId, slot, reason: 'schedule' }));
  const pollIds = data.map((poll) => jobIds.poll(poll));
  // Track before adding: a fast worker may finish a poll before the last add returns.
  const finished = tracker.wait(pollIds, timeoutMs, Date.now());
  try {
    await Promise.all(data.map((poll) => enqueuePoll(runtime.queues, poll)));
  } catch (error) {
    finished.catch(() => {});
    throw error;
  }
  return finished;
}
