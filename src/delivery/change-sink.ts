/**
 * Where committed status changes go after the ledger has recorded them: the `claim.status_changed` log line
 * that ops read, and the alert queue (delivery/dispatch.ts), which sends each change to every subscribed
 * webhook exactly once. `catchUpChanges` re-dispatches whatever an earlier crash left unsent; derivations
 * and the sweep call it.
 */

import type { PipelineDeps } from '../app/deps.js';
import type { ChangeRecord } from '../claims/index.js';
import { LOG_EVENTS, type Logger } from '../log.js';
import { dispatchClaimChanges } from './dispatch.js';

function logChange(change: ChangeRecord, log: Logger): void {
  log.info(
    {
      event: LOG_EVENTS.claimStatusChanged,
      claimId: change.claim,
      seq: change.seq,
      from: change.from,
      to: change.to,
      trigger: change.trigger,
      tally: change.tally,
      evidence: change.evidence,
    },
    `claim ${change.claim}: ${change.from} → ${change.to} (${change.note ?? change.trigger})`,
  );
}

/** Logs a committed change and queues its alerts (with any earlier change a crash left unsent). */
export async function publishChange(deps: PipelineDeps, change: ChangeRecord, log: Logger): Promise<void> {
  logChange(change, log);
  await dispatchClaimChanges(deps, change.claim);
}

/** Queues the alerts of every change of the claim past its alert cursor: what an earlier crash left. */
export async function catchUpChanges(deps: PipelineDeps, claimId: string, log: Logger): Promise<void> {
  const sent = await dispatchClaimChanges(deps, claimId);
  if (sent > 0) {
    log.info(
      { event: LOG_EVENTS.alertCaughtUp, claimId, changes: sent },
      `claim ${claimId}: ${sent} change(s) left unsent queued for delivery`,
    );
  }
}
