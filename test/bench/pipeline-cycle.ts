/**
 * One poll cycle of the pipeline benchmark against the real workers: enqueue one scheduled poll per feed
 * (as the scheduler's cron ticks do, each its own `add`), then wait until every poll and every evidence job
 * those polls produced is finished. Completion comes from the workers' own `completed` / `failed` events,
 * so waiting adds no Redis commands to the counts.
 *
 * Latency of a piece of evidence: the poll job's `processedOn` (set when a worker took it) to the
 * record-evidence job's `finishedOn` (set when BullMQ stored its completion); both are BullMQ timestamps.
 */
import type { Job, Worker } from 'bullmq';
import type { PollResult } from '../../jobs/poll-feed.js';
import { enqueuePoll } from '../../jobs/poll-feed.js';
import type { RecordEvidenceResult } from '../../jobs/record-evidence.js';
import { jobIds, type PollFeedData, QUEUE_NAMES, type RecordEvidenceData } from '../../src/queue/names.js';
import type { Runtime } from '../../src/runtime/open.js';

interface CycleState {
  pendingPolls: Set<string>;
  pendingEvidence: Set<string>;
  pollStarted: Map<string, number>;
  polls: PollResult[];
  pollFailures: number;
  evidenceFinished: Array<{ feedId: string; finishedOn: number; storyKey: string; failed: boolean }>;
  done: () => void;
}

export interface JobTracker {
  /** Resolves when `pollIds` and the evidence jobs they report are finished. */
  wait(pollIds: string[], timeoutMs: number): Promise<CycleJobs>;
  /** Attempts that failed and will be retried, since the tracker started. */
  retries(): number;
}

export interface CycleJobs {
  polls: PollResult[];
  pollFailures: number;
  evidenceJobs: number;
  evidenceFailures: number;
  /** Distinct stories that produced evidence (an item matching two claims counts once). */
  matchingStories: number;
  latenciesMs: number[];
}

function finalFailure(job: Job): boolean {
  return job.attemptsMade >= (job.opts.attempts ?? 1);
}

export function trackJobs(workers: Worker[]): JobTracker {
  const finishedEvidence = new Set<string>();
  let current: CycleState | undefined;
  let retries = 0;

  const pollFinished = (job: Job<PollFeedData>, result: PollResult | undefined) => {
    const cycle = current;
    if (!cycle || !job.id || !cycle.pendingPolls.delete(job.id)) return;
    cycle.pollStarted.set(job.data.feedId, job.processedOn ?? Date.now());
    if (result) {
      cycle.polls.push(result);
      // The poll records its own evidence: it is recorded when the poll finishes.
      for (let i = 0; i < result.recorded; i++) {
        const storyKey = `${result.feedId}#${i}`;
        cycle.evidenceFinished.push({
          feedId: result.feedId,
          storyKey,
          finishedOn: job.finishedOn ?? Date.now(),
          failed: false,
        });
      }
    } else cycle.pollFailures++;
    if (cycle.pendingPolls.size === 0 && cycle.pendingEvidence.size === 0) cycle.done();
  };
  const evidenceFinished = (job: Job<RecordEvidenceData>, failed: boolean) => {
    if (!job.id) return;
    finishedEvidence.add(job.id);
    const cycle = current;
    if (!cycle) return;
    const { feedId, storyKey } = job.data.evidence;
    cycle.evidenceFinished.push({ feedId, storyKey, finishedOn: job.finishedOn ?? Date.now(), failed });
    cycle.pendingEvidence.delete(job.id);
    if (cycle.pendingPolls.size === 0 && cycle.pendingEvidence.size === 0) cycle.done();
  };

  for (const worker of workers) {
    if (worker.name === QUEUE_NAMES.poll) {
      worker.on('completed', (job: Job<PollFeedData>, result: PollResult) => pollFinished(job, result));
      worker.on('failed', (job: Job<PollFeedData> | undefined) => {
        if (job && finalFailure(job)) pollFinished(job, undefined);
        else retries++;
      });
    } else if (worker.name === 'evidence') {
      worker.on('completed', (job: Job<RecordEvidenceData>, _result: RecordEvidenceResult) =>
        evidenceFinished(job, false),
      );
      worker.on('failed', (job: Job<RecordEvidenceData> | undefined) => {
        if (job && finalFailure(job)) evidenceFinished(job, true);
        else retries++;
      });
    }
  }

  return {
    retries: () => retries,
    wait: async (pollIds, timeoutMs) => {
      let timer: NodeJS.Timeout | undefined;
      const finished = new Promise<void>((resolve, reject) => {
        current = {
          pendingPolls: new Set(pollIds),
          pendingEvidence: new Set(),
          pollStarted: new Map(),
          polls: [],
          pollFailures: 0,
          evidenceFinished: [],
          done: resolve,
        };
        timer = setTimeout(() => {
          const left = `${current?.pendingPolls.size} poll(s), ${current?.pendingEvidence.size} evidence job(s)`;
          reject(new Error(`cycle did not finish within ${timeoutMs} ms: ${left} pending`));
        }, timeoutMs).unref();
      });
      try {
        await finished;
      } finally {
        clearTimeout(timer);
      }
      const cycle = current as CycleState;
      current = undefined;
      const latenciesMs = cycle.evidenceFinished.flatMap(({ feedId, finishedOn }) => {
        const started = cycle.pollStarted.get(feedId);
        return started === undefined ? [] : [finishedOn - started];
      });
      return {
        polls: cycle.polls,
        pollFailures: cycle.pollFailures,
        evidenceJobs: cycle.evidenceFinished.length,
        evidenceFailures: cycle.evidenceFinished.filter((e) => e.failed).length,
        matchingStories: new Set(cycle.evidenceFinished.map((e) => e.storyKey)).size,
        latenciesMs,
      };
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
  const finished = tracker.wait(pollIds, timeoutMs);
  try {
    await Promise.all(data.map((poll) => enqueuePoll(runtime.queues, poll)));
  } catch (error) {
    finished.catch(() => {});
    throw error;
  }
  return finished;
}
