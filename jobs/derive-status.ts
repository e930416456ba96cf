/**
 * derive-status: one claim's settled judgement (DESIGN.md "When it runs"). At the end of a settle window,
 * derive the claim from its whole evidence as of that instant and append at most one change; then hand the
 * change to the change sink (log line, alerts).
 *
 * Safe to run twice: the same instant derived again from the same evidence writes nothing, and a window
 * overtaken by a later derivation is stale. Either way the change sink's catch-up sends any change whose
 * alerts an earlier run committed but never queued (a crash between deriving and enqueuing).
 */

import type { PipelineDeps } from '../src/app/deps.js';
import type { ChangeRecord } from '../src/claims/index.js';
import { catchUpChanges, publishChange } from '../src/delivery/change-sink.js';
import { LOG_EVENTS, type Logger } from '../src/log.js';
import { addOnce } from '../src/queue/added-jobs.js';
import { defineJob, retryOptions } from '../src/queue/job-definition.js';
import { type DeriveStatusData, JOB_NAMES, jobIds } from '../src/queue/names.js';
import type { Queues } from '../src/queue/queues.js';

export interface DeriveStatusResult {
  outcome: 'derived' | 'stale' | 'unknown-claim';
  change?: ChangeRecord;
}

export async function deriveStatus(
  data: DeriveStatusData,
  deps: PipelineDeps,
  log: Logger,
): Promise<DeriveStatusResult> {
  const claim = deps.config.claims.find((candidate) => candidate.id === data.claimId);
  if (!claim) {
    log.warn(
      { event: LOG_EVENTS.claimDerived, outcome: 'unknown-claim' },
      `claim ${data.claimId} is no longer configured; nothing to derive`,
    );
    return { outcome: 'unknown-claim' };
  }
  const at = new Date(data.at);
  const outcome = await deps.ledger.derive(claim, at);
  if (outcome.kind === 'stale') {
    log.info(
      { event: LOG_EVENTS.claimDerived, outcome: 'stale', status: outcome.status, at: at.toISOString() },
      `claim ${claim.id}: already derived past ${at.toISOString()}`,
    );
    await catchUpChanges(deps, claim.id, log);
    return { outcome: 'stale' };
  }
  log.info(
    {
      event: LOG_EVENTS.claimDerived,
      outcome: 'derived',
      status: outcome.status,
      tally: outcome.tally,
      at: at.toISOString(),
      changed: outcome.change !== undefined,
    },
    `claim ${claim.id} derived: ${outcome.status}`,
  );
  if (outcome.change) await publishChange(deps, outcome.change, log);
  else await catchUpChanges(deps, claim.id, log);
  return outcome.change ? { outcome: 'derived', change: outcome.change } : { outcome: 'derived' };
}

export const deriveStatusJob = defineJob<DeriveStatusData, DeriveStatusResult, PipelineDeps>({
  name: JOB_NAMES.deriveStatus,
  // A derivation must get through: it is the only place a status changes after evidence.
  attempts: 10,
  backoff: { type: 'exponential', delay: 1_000 },
  // It reads a claim's whole evidence; there are a few per claim per settle window, so two keep up.
  concurrency: 2,
  logFields: (data) => ({ claimId: data.claimId, at: data.at }),
  run: async (data, deps, { log }) => {
    const result = await deriveStatus(data, deps, log);
    if (result.change) deps.metrics?.statusChanged(result.change.claim, result.change.to);
    return result;
  },
});

/**
 * The derivation of one claim at the end of its settle window, delayed until then (`delayMs`). Every poll
 * of the window asks for the same job id, so the claim is derived once for all of them; this process adds
 * each id once (added-jobs.ts).
 */
export async function enqueueDerive(
  queues: Queues,
  data: DeriveStatusData,
  delayMs: number,
): Promise<string> {
  const jobId = jobIds.derive(data);
  const delay = Math.max(0, delayMs);
  // Remembered a day: far past the window, whatever clock (a replay's) `at` was computed on.
  await addOnce(queues.derive, jobId, Date.now() + delay + 86_400_000, () =>
    queues.derive.add(deriveStatusJob.name, data, { jobId, delay, ...retryOptions(deriveStatusJob) }),
  );
  return jobId;
}
