/**
 * Where committed status changes go after the ledger has recorded them: the `claim.status_changed` log line
 * that ops read, and the alert queue (alert-dispatch.ts), which sends each change to every subscribed
 * webhook exactly once. `catchUp` re-dispatches whatever an earlier crash left unsent; the sweep calls it.
 */
import type { ChangeRecord } from '../claims/index.js';
import { LOG_EVENTS, type Logger } from '../log.js';
import { dispatchClaimChanges } from './alert-dispatch.js';
import type { PipelineDeps } from './deps.js';

export interface ChangeSink {
  publish(change: ChangeRecord, log: Logger): Promise<void>;
  catchUp(claimId: string, log: Logger): Promise<void>;
}

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

export function alertingChangeSink(deps: () => PipelineDeps): ChangeSink {
  return {
    publish: async (change, log) => {
      logChange(change, log);
      await dispatchClaimChanges(deps(), change.claim);
    },
    catchUp: async (claimId, log) => {
      const sent = await dispatchClaimChanges(deps(), claimId);
      if (sent > 0)
        log.info(
          { event: LOG_EVENTS.alertCaughtUp, claimId, changes: sent },
          'dispatched changes left unsent',
        );
    },
  };
}
