/**
 * sweep: time-based transitions and trimming. Re-derives every claim as of the sweep's slot without new
 * evidence (a claim goes quiet, or evidence leaves the window), trims evidence past the retention horizon,
 * forgets seen stories older than the seen horizon, and trims the recent items archive. It notes the instant
 * it ran (archive/sweeps.ts), so `backtest` sweeps when the daemon did. Safe to run twice: a second run finds nothing to
 * change, and a claim already derived past the slot (a settle window that ended later) is left alone.
 */

import type { PipelineDeps } from '../src/app/deps.js';
import { archivePoll } from '../src/archive/archive.js';
import { noteSweep } from '../src/archive/sweeps.js';
import type { ChangeRecord } from '../src/claims/index.js';
import { catchUpChanges, publishChange } from '../src/delivery/change-sink.js';
import { trimSeen } from '../src/feeds/state/index.js';
import { LOG_EVENTS, type Logger } from '../src/log.js';
import { defineJob, retryOptions } from '../src/queue/job-definition.js';
import { JOB_NAMES, jobIds, type SweepData } from '../src/queue/names.js';
import type { Queues } from '../src/queue/queues.js';

/** Feeds rarely carry items older than this; forgetting older story keys bounds the seen sets. */
export const SEEN_HORIZON_DAYS = 90;
const DAY_MS = 86_400_000;

export interface SweepResult {
  changes: ChangeRecord[];
  trimmedEvidence: number;
  trimmedSeen: number;
}

export async function sweep(data: SweepData, deps: PipelineDeps, log: Logger): Promise<SweepResult> {
  const changes: ChangeRecord[] = [];
  let trimmedEvidence = 0;
  const at = new Date(data.slot);
  await noteSweep(deps.redis, deps.keys, data.slot, deps.config.archive.days);
  for (const claim of deps.config.claims) {
    const outcome = await deps.ledger.sweep(claim, 'sweep', at);
    trimmedEvidence += outcome.trimmed;
    if (outcome.change) {
      changes.push(outcome.change);
      await publishChange(deps, outcome.change, log);
    } else {
      // Alerts a crash left unsent go out here at the latest (delivery/dispatch.ts).
      await catchUpChanges(deps, claim.id, log);
    }
  }
  const seenCutoff = data.slot - SEEN_HORIZON_DAYS * DAY_MS;
  let trimmedSeen = 0;
  for (const feed of deps.config.feeds)
    trimmedSeen += await trimSeen(deps.redis, deps.keys, feed.id, seenCutoff);
  await archivePoll(deps.redis, deps.keys, deps.config.archive, {
    pollKey: '',
    feed: { id: '', source: '', weight: 1 },
    atMs: data.slot,
    items: [],
  });
  log.info(
    { event: LOG_EVENTS.sweepFinished, changes: changes.length, trimmedEvidence, trimmedSeen },
    `sweep finished: ${changes.length} status change(s)`,
  );
  return { changes, trimmedEvidence, trimmedSeen };
}

export const sweepJob = defineJob<SweepData, SweepResult, PipelineDeps>({
  name: JOB_NAMES.sweep,
  attempts: 3,
  backoff: { type: 'exponential', delay: 10_000 },
  // One sweep at a time: it walks every claim and every feed.
  concurrency: 1,
  logFields: (data) => ({ slot: data.slot }),
  run: async (data, deps, { log }) => {
    const result = await sweep(data, deps, log);
    for (const change of result.changes) deps.metrics?.statusChanged(change.claim, change.to);
    return result;
  },
});

export async function enqueueSweep(queues: Queues, data: SweepData): Promise<string> {
  const jobId = jobIds.sweep(data.slot);
  await queues.sweep.add(sweepJob.name, data, { jobId, ...retryOptions(sweepJob) });
  return jobId;
}
