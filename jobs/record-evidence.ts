/**
 * record-evidence (release 0.1.0's job, kept to drain an upgraded Redis): one (claim, story) evidence
 * record queued by the previous release's poll. It goes the way every poll's evidence now goes
 * (record-poll-evidence.ts): recorded by the poll script under the job's own id, its alert queued, its
 * claim marked due. Nothing queues this job any more.
 */

import type { PipelineDeps } from '../src/app/deps.js';
import { LOG_EVENTS, type Logger } from '../src/log.js';
import { recordPollEvidence } from '../src/pipeline/record-poll-evidence.js';
import { defineJob } from '../src/queue/job-definition.js';
import { JOB_NAMES, type RecordEvidenceData } from '../src/queue/names.js';

export interface RecordEvidenceResult {
  outcome: 'recorded' | 'duplicate' | 'unknown-claim';
  /** The derive-status job the evidence asked for, as a poll's would. */
  deriveJobIds: string[];
}

export async function recordEvidence(
  data: RecordEvidenceData,
  jobId: string,
  deps: PipelineDeps,
  log: Logger,
): Promise<RecordEvidenceResult> {
  if (!deps.config.claims.some((claim) => claim.id === data.claimId)) {
    log.warn(
      { event: LOG_EVENTS.evidenceSkipped, claimId: data.claimId, reason: 'unknown-claim' },
      `claim ${data.claimId} is no longer configured; its queued evidence is skipped`,
    );
    return { outcome: 'unknown-claim', deriveJobIds: [] };
  }
  const { recorded, deriveJobIds } = await recordPollEvidence(deps, log, `legacy-${jobId}`, [data.evidence]);
  return { outcome: recorded.length > 0 ? 'recorded' : 'duplicate', deriveJobIds };
}

export const recordEvidenceJob = defineJob<RecordEvidenceData, RecordEvidenceResult, PipelineDeps>({
  name: JOB_NAMES.recordEvidence,
  attempts: 10,
  backoff: { type: 'exponential', delay: 1_000 },
  // Only what an upgrade left queued: one at a time is enough.
  concurrency: 1,
  logFields: (data) => ({
    claimId: data.claimId,
    itemId: data.evidence.itemId,
    feedId: data.evidence.feedId,
  }),
  run: (data, deps, { log, job }) => recordEvidence(data, String(job.id), deps, log),
});
