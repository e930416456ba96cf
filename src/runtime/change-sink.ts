/**
 * Where committed status changes go after the ledger has recorded them. Today: the `claim.status_changed`
 * log line that ops read. The alert issue adds a sink that enqueues one delivery per subscribed webhook
 * (deterministic id `<claim>:<seq>` per webhook), so this is the one seam to extend.
 */
import type { ChangeRecord } from '../claims/index.js';
import { LOG_EVENTS, type Logger } from '../log.js';

export interface ChangeSink {
  publish(change: ChangeRecord, log: Logger): Promise<void>;
}

export const logChangeSink: ChangeSink = {
  publish: async (change, log) => {
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
  },
};
