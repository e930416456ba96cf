/**
 * An operator dismisses a piece of evidence as wrongly matched (`policy-watch dismiss`, and
 * `POST /api/claims/:id/evidence/:eid/dismiss`): the ledger stops counting it and derives the claim again
 * at once (ledger-plan.ts planDismiss); a status move is an operator change, logged and alerted like any
 * other (change-sink.ts). Idempotent: a dismissed item stays dismissed once, with the first note.
 */
import { hostname, userInfo } from 'node:os';
import type { PipelineDeps } from '../app/deps.js';
import type { ClaimSettingsWithId, DismissOutcome } from '../claims/index.js';
import { publishChange } from '../delivery/change-sink.js';
import { LOG_EVENTS } from '../log.js';

/** Who is dismissing from this shell: `cli:<user>@<host>`. */
export function cliOperator(): string {
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // No passwd entry (a container's arbitrary uid): the host still says where it came from.
  }
  return `cli:${user}@${hostname()}`;
}

export async function dismissEvidence(
  deps: PipelineDeps,
  claim: ClaimSettingsWithId,
  evidenceId: string,
  note: string,
  by: string,
): Promise<DismissOutcome> {
  const dismissal = { at: deps.clock.now().toISOString(), note: note.trim(), by };
  const outcome = await deps.ledger.dismiss(claim, evidenceId, dismissal);
  if (outcome.kind !== 'dismissed') return outcome;
  const { change } = outcome;
  deps.logger.warn(
    {
      event: LOG_EVENTS.evidenceDismissed,
      claimId: claim.id,
      evidenceId,
      by,
      status: outcome.status,
      seq: change?.seq,
    },
    `claim ${claim.id}: evidence ${evidenceId} dismissed by ${by}: ${dismissal.note}` +
      (change ? ` (now ${change.to}, was ${change.from})` : ` (still ${outcome.status})`),
  );
  if (change) await publishChange(deps, change, deps.logger);
  return outcome;
}
