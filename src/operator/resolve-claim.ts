/**
 * An operator sets a claim's status (`policy-watch resolve`): the change goes through the ledger like any
 * other (appended to the history, trigger `operator`), is logged as the operator's, and then goes to the
 * change sink, so it is logged and alerted as the daemon's changes are. Asking for the status the claim
 * already has writes nothing.
 */
import type { PipelineDeps } from '../app/deps.js';
import type { ClaimSettingsWithId, ClaimStatus, ResolveOutcome } from '../claims/index.js';
import { publishChange } from '../delivery/change-sink.js';
import { LOG_EVENTS } from '../log.js';

export async function resolveClaim(
  deps: PipelineDeps,
  claim: ClaimSettingsWithId,
  status: ClaimStatus,
  note: string,
): Promise<ResolveOutcome> {
  const outcome = await deps.ledger.resolve(claim, status, note);
  if (outcome.kind !== 'resolved') return outcome;
  deps.logger.warn(
    { event: LOG_EVENTS.claimResolved, claimId: claim.id, seq: outcome.change.seq, to: outcome.change.to },
    `claim ${claim.id} set to ${outcome.change.to} by an operator: ${note}`,
  );
  // The sink logs the change itself (claim.status_changed) and queues its alerts.
  await publishChange(deps, outcome.change, deps.logger);
  return outcome;
}
