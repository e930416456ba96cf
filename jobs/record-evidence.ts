/**
 * record-evidence: add one (claim, story) evidence record to the claim's ledger, which re-derives the status
 * and appends a change record atomically when it moves; then hand the change to the change sink.
 * Safe to run twice: the ledger answers `duplicate` for evidence it already holds and writes nothing.
 */
import { evidenceAddedEvent } from '../src/alerts/index.js';
import type { ChangeRecord } from '../src/claims/index.js';
import { LOG_EVENTS, type Logger } from '../src/log.js';
import type { RecordEvidenceData } from '../src/queue/names.js';
import { enqueueAlert } from '../src/runtime/alert-dispatch.js';
import type { PipelineDeps } from '../src/runtime/deps.js';

export interface RecordEvidenceResult {
  outcome: 'recorded' | 'duplicate' | 'unknown-claim';
  change?: ChangeRecord;
}

export async function recordEvidence(
  data: RecordEvidenceData,
  deps: PipelineDeps,
  log: Logger,
): Promise<RecordEvidenceResult> {
  const claim = deps.config.claims.find((candidate) => candidate.id === data.claimId);
  if (!claim) {
    log.warn(
      { event: LOG_EVENTS.evidenceDuplicate, reason: 'unknown-claim' },
      'claim is no longer configured',
    );
    return { outcome: 'unknown-claim' };
  }
  // Queued before the commit: a crash in between re-runs this job, which queues the same event id again
  // (sent once) instead of finding the evidence recorded and the alert never queued.
  await enqueueAlert(deps, evidenceAddedEvent(claim, data.evidence), claim.id);
  const outcome = await deps.ledger.recordEvidence(claim, data.evidence);
  if (outcome.kind === 'duplicate') {
    log.info({ event: LOG_EVENTS.evidenceDuplicate }, 'evidence already recorded');
    return { outcome: 'duplicate' };
  }
  const { evidence } = data;
  log.info(
    {
      event: LOG_EVENTS.evidenceRecorded,
      direction: evidence.direction,
      source: evidence.source,
      status: outcome.status,
      tally: outcome.tally,
    },
    `evidence recorded: ${evidence.title}`,
  );
  if (outcome.change) await deps.changes.publish(outcome.change, log);
  return { outcome: 'recorded', change: outcome.change };
}
